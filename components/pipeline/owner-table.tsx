import { getTranslations } from "next-intl/server";
import { Avatar } from "@/components/ui/avatar";
import type { PipelineReport } from "@/lib/reports/schema";
import { intlLocale } from "./intl";
import { MoneyLines } from "./money-lines";

/** Each owner's open pipeline and this quarter's wins. */
export async function OwnerTable({ report }: { report: PipelineReport }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline.owners"), intlLocale()]);
  return (
    <section aria-labelledby="owners-heading" className="min-w-0 rounded-lg border border-slate-200 bg-surface">
      <h2 id="owners-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        {t("heading")}
      </h2>
      <div className="overflow-x-auto" tabIndex={0}>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-muted">
              <th scope="col" className="px-4 py-2 font-medium">{t("owner")}</th>
              <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("openDeals")}</th>
              <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("openAmount")}</th>
              <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("weighted")}</th>
              <th scope="col" className="px-4 py-2 text-right font-medium whitespace-nowrap">{t("wonQuarter")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
