import { getTranslations } from "next-intl/server";
import { STAGE_STYLE } from "@/components/deals/board/stage-style";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";
import { intlLocale } from "./intl";
import { MoneyLines } from "./money-lines";
import { ReportTable } from "./report-table";

/** Count, total and weighted total per stage; money per currency. */
export async function StageTable({ report }: { report: PipelineReport }) {
  const [t, domain, locale] = await Promise.all([getTranslations("pipeline.stages"), getTranslations("domain"), intlLocale()]);
  const max = Math.max(1, ...report.stages.map((s) => s.count));
  return (
    <ReportTable id="stages" heading={t("heading")} columns={[{ label: t("stage") }, { label: t("deals"), numeric: true }, { label: t("total"), numeric: true }, { label: t("weighted"), numeric: true }]}>
      {report.stages.map((s) => {
        const style = STAGE_STYLE[s.stage];
        return (
          <tr key={s.stage} data-stage={s.stage} className={cn(style.quiet && "bg-slate-50/60")}>
            <th scope="row" className="px-4 py-2.5 text-left font-medium">
              <span className="flex items-center gap-2 whitespace-nowrap">
                <span aria-hidden className={cn("h-2 w-2 rounded-full", style.dot)} />
                {domain(`stages.${s.stage}`)}
              </span>
              <span aria-hidden className="mt-1.5 block h-1 rounded-full bg-slate-100">
                <span className={cn("block h-1 rounded-full", style.bar)} style={{ width: `${(s.count / max) * 100}%` }} />
              </span>
            </th>
            <td className="px-4 py-2.5 text-right align-top tabular" data-testid="stage-count">
              {s.count}
            </td>
            <td className="px-4 py-2.5 text-right align-top whitespace-nowrap">
              <MoneyLines entries={s.totals} locale={locale} className="items-end" />
            </td>
            <td className="px-4 py-2.5 text-right align-top whitespace-nowrap text-slate-600">
              <MoneyLines entries={s.totals.map((w) => ({ currency: w.currency, amount: w.weighted }))} locale={locale} className="items-end" />
            </td>
          </tr>
        );
      })}
    </ReportTable>
  );
}
