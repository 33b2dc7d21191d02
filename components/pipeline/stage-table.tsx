import { getTranslations } from "next-intl/server";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";
import { intlLocale } from "./intl";
import { MoneyLines } from "./money-lines";
import { ReportTable } from "./report-table";
import { reportStage } from "./report-stage";
import { pipelineName } from "@/lib/i18n/domain";

/**
 * Count, total and weighted total per stage; money per currency. A report over several pipelines
 * has a group of rows per pipeline, headed by its name.
 */
export async function StageTable({ report }: { report: PipelineReport }) {
  const [t, domain, locale] = await Promise.all([getTranslations("pipeline.stages"), getTranslations("domain"), intlLocale()]);
  const grouped = report.pipelines.length > 1;
  const rows = report.pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, pipelineId: p.pipeline_id })));
  const max = Math.max(1, ...rows.map((s) => s.count));
  return (
    <ReportTable id="stages" heading={t("heading")} columns={[{ label: t("stage") }, { label: t("deals"), numeric: true }, { label: t("total"), numeric: true }, { label: t("weighted"), numeric: true }]}>
      {rows.map((s, i) => {
        const { name, style } = reportStage(report, domain, s.pipelineId, s.stage);
        const pipeline = report.pipelines.find((p) => p.pipeline_id === s.pipelineId);
        const firstOfPipeline = i === 0 || rows[i - 1].pipelineId !== s.pipelineId;
        return [
          grouped && firstOfPipeline ? (
            <tr key={`${s.pipelineId}-heading`} className="bg-slate-50">
              <th scope="rowgroup" colSpan={4} className="px-4 pt-3 pb-1.5 text-left text-xs font-semibold text-slate-700" data-testid="stage-table-pipeline">
                {pipelineName(domain, pipeline)}
              </th>
            </tr>
          ) : null,
          <tr key={`${s.pipelineId}-${s.stage}`} data-stage={s.stage} data-pipeline={s.pipelineId} className={cn(style.quiet && "bg-slate-50/60")}>
            <th scope="row" className="px-4 py-2.5 text-left font-medium">
              <span className="flex items-center gap-2 whitespace-nowrap">
                <span aria-hidden className={cn("h-2 w-2 rounded-full", style.dot)} />
                {name}
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
          </tr>,
        ];
      })}
    </ReportTable>
  );
}
