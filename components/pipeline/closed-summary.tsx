import { formatDate, formatMoney } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";

/** Won and lost deals in the report's window, per currency. */
export function ClosedSummary({ report }: { report: PipelineReport }) {
  const { closed } = report;
  return (
    <section aria-labelledby="closed-heading" className="rounded-lg border border-slate-200 bg-surface">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="closed-heading" className="text-sm font-semibold">
          Closed in the last {closed.window_days} days
        </h2>
        <p className="text-xs text-muted">
          {formatDate(closed.from)} – {formatDate(closed.to)}, by actual close date
        </p>
      </div>
      {closed.by_currency.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-muted">No deals were won or lost in this period.</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-muted">
              <th scope="col" className="px-4 py-2 font-medium">Currency</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Won</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Won amount</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Average won</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Lost</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Lost amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular">
            {closed.by_currency.map((c) => (
              <tr key={c.currency}>
                <th scope="row" className="px-4 py-2 text-left font-medium">{c.currency}</th>
                <td className="px-4 py-2 text-right">{c.won_count}</td>
                <td className="px-4 py-2 text-right text-won">{formatMoney(c.won_amount, c.currency)}</td>
                <td className="px-4 py-2 text-right">{formatMoney(c.average_won_amount, c.currency)}</td>
                <td className="px-4 py-2 text-right">{c.lost_count}</td>
                <td className="px-4 py-2 text-right text-slate-500">{formatMoney(c.lost_amount, c.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
