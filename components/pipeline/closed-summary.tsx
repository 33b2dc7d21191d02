import { getTranslations } from "next-intl/server";
import { formatDate, formatMoney } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { intlLocale } from "./intl";

/** Won and lost deals in the report's window, per currency. */
export async function ClosedSummary({ report }: { report: PipelineReport }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline.closed"), intlLocale()]);
  const { closed } = report;
  return (
    <section aria-labelledby="closed-heading" className="min-w-0 rounded-lg border border-slate-200 bg-surface">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="closed-heading" className="text-sm font-semibold">
          {t("heading", { days: closed.window_days })}
        </h2>
        <p className="text-xs text-muted">{t("range", { from: formatDate(closed.from, locale), to: formatDate(closed.to, locale) })}</p>
      </div>
      {closed.by_currency.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-muted">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0}>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-muted">
                <th scope="col" className="px-4 py-2 font-medium">{t("currency")}</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("won")}</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("wonAmount")}</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("averageWon")}</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("lost")}</th>
                <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("lostAmount")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular">
              {closed.by_currency.map((c) => (
                <tr key={c.currency}>
                  <th scope="row" className="px-4 py-2 text-left font-medium">{c.currency}</th>
                  <td className="px-4 py-2 text-right">{c.won_count}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap text-emerald-700">{formatMoney(c.won_amount, c.currency, locale)}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap">{formatMoney(c.average_won_amount, c.currency, locale)}</td>
                  <td className="px-4 py-2 text-right">{c.lost_count}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap text-slate-600">{formatMoney(c.lost_amount, c.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
