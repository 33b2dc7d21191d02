import { Avatar } from "@/components/ui/avatar";
import type { PipelineReport } from "@/lib/reports/schema";
import { MoneyLines } from "./money-lines";

/** Each owner's open pipeline and this quarter's wins. */
export function OwnerTable({ report }: { report: PipelineReport }) {
  return (
    <section aria-labelledby="owners-heading" className="rounded-lg border border-slate-200 bg-surface">
      <h2 id="owners-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        By owner
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-muted">
              <th scope="col" className="px-4 py-2 font-medium">Owner</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Open deals</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Open amount</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Weighted</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Won this quarter</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {report.owners.map((o) => (
              <tr key={o.member_id ?? "unassigned"}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium">
                  <span className="flex items-center gap-2">
                    <Avatar name={o.name} className="h-6 w-6 text-[10px]" />
                    <span className="truncate">{o.name}</span>
                    {o.role && o.role !== "member" && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-normal capitalize text-slate-600">{o.role}</span>}
                  </span>
                </th>
                <td className="px-4 py-2.5 text-right align-top tabular">{o.open_count}</td>
                <td className="px-4 py-2.5 text-right align-top">
                  <MoneyLines entries={o.open} className="items-end" />
                </td>
                <td className="px-4 py-2.5 text-right align-top text-slate-600">
                  <MoneyLines entries={o.open.map((t) => ({ currency: t.currency, amount: t.weighted }))} className="items-end" />
                </td>
                <td className="px-4 py-2.5 text-right align-top">
                  <MoneyLines entries={o.won_this_quarter} className="items-end text-won" />
                  {o.won_this_quarter.length > 0 && (
                    <span className="text-xs text-muted">
                      {o.won_this_quarter.reduce((n, w) => n + w.count, 0)} won
                    </span>
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
