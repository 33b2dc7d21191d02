import { getTranslations } from "next-intl/server";
import { formatDate, formatMoney } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { intlLocale } from "./intl";
import { ReportTable } from "./report-table";

/** Won and lost deals in the report's window, per currency. */
export async function ClosedSummary({ report }: { report: PipelineReport }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline.closed"), intlLocale()]);
  const { closed } = report;
  return (
    <ReportTable
      id="closed"
      heading={t("heading", { days: closed.window_days })}
      subtitle={t("range", { from: formatDate(closed.from, locale), to: formatDate(closed.to, locale) })}
      columns={[
        { label: t("currency") },
        { label: t("won"), numeric: true },
        { label: t("wonAmount"), numeric: true },
        { label: t("averageWon"), numeric: true },
        { label: t("lost"), numeric: true },
        { label: t("lostAmount"), numeric: true },
      ]}
      empty={closed.by_currency.length === 0 ? t("empty") : undefined}
    >
      {closed.by_currency.map((c) => (
        <tr key={c.currency} className="tabular">
          <th scope="row" className="px-4 py-2 text-left font-medium">{c.currency}</th>
          <td className="px-4 py-2 text-right">{c.won_count}</td>
          <td className="px-4 py-2 text-right whitespace-nowrap text-emerald-700">{formatMoney(c.won_amount, c.currency, locale)}</td>
          <td className="px-4 py-2 text-right whitespace-nowrap">{formatMoney(c.average_won_amount, c.currency, locale)}</td>
          <td className="px-4 py-2 text-right">{c.lost_count}</td>
          <td className="px-4 py-2 text-right whitespace-nowrap text-slate-600">{formatMoney(c.lost_amount, c.currency, locale)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}
