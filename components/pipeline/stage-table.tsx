import { STAGE_STYLE } from "@/components/deals/board/stage-style";
import { stageLabel } from "@/lib/deals/stages";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";
import { MoneyLines } from "./money-lines";

/** Count, total and weighted total per stage; money per currency. */
export function StageTable({ report }: { report: PipelineReport }) {
  const max = Math.max(1, ...report.stages.map((s) => s.count));
  return (
    <section aria-labelledby="stages-heading" className="rounded-lg border border-slate-200 bg-surface">
      <h2 id="stages-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        By stage
      </h2>
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-slate-100 text-left text-xs text-muted">
            <th scope="col" className="px-4 py-2 font-medium">Stage</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Deals</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Total</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Weighted</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {report.stages.map((s) => {
            const style = STAGE_STYLE[s.stage];
            return (
              <tr key={s.stage} data-stage={s.stage} className={cn(style.quiet && "bg-slate-50/60")}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium">
                  <span className="flex items-center gap-2">
                    <span aria-hidden className={cn("h-2 w-2 rounded-full", style.dot)} />
                    {stageLabel(s.stage)}
                  </span>
                  <span aria-hidden className="mt-1.5 block h-1 rounded-full bg-slate-100">
                    <span className={cn("block h-1 rounded-full", style.bar)} style={{ width: `${(s.count / max) * 100}%` }} />
                  </span>
                </th>
                <td className="px-4 py-2.5 text-right align-top tabular" data-testid="stage-count">
                  {s.count}
                </td>
                <td className="px-4 py-2.5 text-right align-top">
                  <MoneyLines entries={s.totals} className="items-end" />
                </td>
                <td className="px-4 py-2.5 text-right align-top text-slate-600">
                  <MoneyLines entries={s.totals.map((t) => ({ currency: t.currency, amount: t.weighted }))} className="items-end" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
