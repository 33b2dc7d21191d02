import { getTranslations } from "next-intl/server";
import { Avatar } from "@/components/ui/avatar";
import type { PipelineReport } from "@/lib/reports/schema";
import { intlLocale } from "./intl";
import { MoneyLines } from "./money-lines";
import { ReportTable } from "./report-table";

/** Each owner's open pipeline and this quarter's wins. */
export async function OwnerTable({ report }: { report: PipelineReport }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline.owners"), intlLocale()]);
  return (
    <ReportTable id="owners" heading={t("heading")} columns={[{ label: t("owner") }, { label: t("openDeals"), numeric: true }, { label: t("openAmount"), numeric: true }, { label: t("weighted"), numeric: true }, { label: t("wonQuarter"), numeric: true }]}>
      {report.owners.map((o) => (
        <tr key={o.member_id ?? "unassigned"}>
          <th scope="row" className="px-4 py-2.5 text-left font-medium">
            <span className="flex items-center gap-2">
              <Avatar name={o.member_id ? o.name : null} className="h-6 w-6 shrink-0 text-[10px]" />
              <span className="truncate">{o.member_id ? o.name : t("unassigned")}</span>
              {o.role && o.role !== "member" && (
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-normal whitespace-nowrap text-slate-700">{t("role", { role: o.role.includes("owner") ? "owner" : "admin" })}</span>
              )}
            </span>
          </th>
          <td className="px-4 py-2.5 text-right align-top tabular">{o.open_count}</td>
          <td className="px-4 py-2.5 text-right align-top whitespace-nowrap">
            <MoneyLines entries={o.open} locale={locale} className="items-end" />
          </td>
          <td className="px-4 py-2.5 text-right align-top whitespace-nowrap text-slate-600">
            <MoneyLines entries={o.open.map((w) => ({ currency: w.currency, amount: w.weighted }))} locale={locale} className="items-end" />
          </td>
          <td className="px-4 py-2.5 text-right align-top whitespace-nowrap">
            <MoneyLines entries={o.won_this_quarter} locale={locale} className="items-end text-emerald-700" />
            {o.won_this_quarter.length > 0 && (
              <span className="text-xs text-muted">{t("wonCount", { count: o.won_this_quarter.reduce((n, w) => n + w.count, 0) })}</span>
            )}
          </td>
        </tr>
      ))}
    </ReportTable>
  );
}
