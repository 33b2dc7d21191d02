"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { STAGE_STYLE } from "@/components/deals/board/stage-style";
import { stageLabel } from "@/lib/deals/stages";
import { formatDate, formatMoney } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";

type Reason = PipelineReport["attention"]["items"][number]["reasons"][number];

const REASONS: Record<Reason, { label: string; className: string }> = {
  close_overdue: { label: "Close date passed", className: "bg-red-50 text-red-700 ring-red-200" },
  followup_overdue: { label: "Follow-up missed", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  idle_in_stage: { label: "Idle in stage", className: "bg-amber-50 text-amber-800 ring-amber-200" },
};

/** Rows shown before "Show all": the list is for a meeting, not a full report. */
const COLLAPSED_ROWS = 10;

/** Open deals that need a nudge: past their expected close, a missed follow-up, or idle in their stage. */
export function AttentionList({ report }: { report: PipelineReport }) {
  const { items, total } = report.attention;
  const today = report.as_of;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? items : items.slice(0, COLLAPSED_ROWS);
  return (
    <section aria-labelledby="attention-heading" className="rounded-lg border border-slate-200 bg-surface">
      <div className="flex items-baseline gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="attention-heading" className="text-sm font-semibold">
          Needs attention
        </h2>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular text-slate-700" aria-label={`${total} deals`}>
          {total}
        </span>
        {total > shown.length && (
          <span className="text-xs text-muted">
            showing the {shown.length} with the oldest close dates
          </span>
        )}
      </div>
      {items.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-muted">Nothing overdue or stale. Every open deal is on track.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-muted">
                <th scope="col" className="px-4 py-2 font-medium">Deal</th>
                <th scope="col" className="px-4 py-2 font-medium">Stage</th>
                <th scope="col" className="px-4 py-2 font-medium">Owner</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Amount</th>
                <th scope="col" className="px-4 py-2 font-medium">Expected close</th>
                <th scope="col" className="px-4 py-2 font-medium">Follow-up</th>
                <th scope="col" className="px-4 py-2 font-medium">Why</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((d) => (
                <tr key={d.id} className="hover:bg-slate-50">
                  <td className="max-w-80 px-4 py-2">
                    <Link href={`/deals/${d.id}`} className="block truncate font-medium text-slate-900 hover:text-accent hover:underline">
                      {d.name}
                    </Link>
                    <span className="block truncate text-xs text-muted">
                      {d.deal_number}
                      {d.company_name && ` · ${d.company_name}`}
                    </span>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    <span className="flex items-center gap-1.5">
                      <span aria-hidden className={cn("h-2 w-2 rounded-full", STAGE_STYLE[d.stage].dot)} />
                      {stageLabel(d.stage)}
                    </span>
                    <span className="block text-xs text-muted">
                      {d.days_in_stage} {d.days_in_stage === 1 ? "day" : "days"} in stage
                    </span>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">{d.assigned_member_name ?? <span className="text-muted">Unassigned</span>}</td>
                  <td className="px-4 py-2 text-right whitespace-nowrap tabular">{formatMoney(d.amount, d.currency)}</td>
                  <td className={cn("px-4 py-2 whitespace-nowrap tabular", d.expected_close_date && d.expected_close_date < today && "font-medium text-lost")}>
                    {formatDate(d.expected_close_date)}
                  </td>
                  <td className={cn("px-4 py-2 whitespace-nowrap tabular", d.next_followup_date && d.next_followup_date < today && "font-medium text-stale")}>
                    {formatDate(d.next_followup_date)}
                  </td>
                  <td className="px-4 py-2">
                    <span className="flex flex-wrap gap-1">
                      {d.reasons.map((r) => (
                        <span key={r} className={cn("rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset", REASONS[r].className)}>
                          {REASONS[r].label}
                        </span>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length > COLLAPSED_ROWS && (
            <div className="border-t border-slate-100 px-4 py-2">
              <Button variant="ghost" size="sm" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
                {expanded ? "Show fewer" : `Show all ${items.length}`}
              </Button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
