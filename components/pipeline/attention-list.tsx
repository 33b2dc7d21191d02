"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate, formatMoney } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";
import { ReportTable } from "./report-table";
import { reportStage } from "./report-stage";

type Reason = PipelineReport["attention"]["items"][number]["reasons"][number];

const REASON_STYLE: Record<Reason, string> = {
  close_overdue: "bg-red-50 text-red-700 ring-red-200",
  followup_overdue: "bg-amber-50 text-amber-800 ring-amber-200",
  idle_in_stage: "bg-amber-50 text-amber-800 ring-amber-200",
};

/** Rows shown before "Show all": the list is for a meeting, not a full report. */
const COLLAPSED_ROWS = 10;

/** Open deals that need a nudge: past their expected close, a missed follow-up, or idle in their stage. */
export function AttentionList({ report }: { report: PipelineReport }) {
  const t = useTranslations("pipeline.attention");
  const domain = useTranslations("domain");
  const locale = useLocale();
  const { items, total } = report.attention;
  const today = report.as_of;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? items : items.slice(0, COLLAPSED_ROWS);
  return (
    <ReportTable
      id="attention"
      heading={t("heading")}
      badge={
        <>
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular text-slate-700">
            <span aria-hidden>{total}</span>
            <span className="sr-only">{t("count", { count: total })}</span>
          </span>
          {total > shown.length && <span className="text-xs text-muted">{t("showing", { count: shown.length })}</span>}
        </>
      }
      columns={[
        { label: t("deal") },
        { label: t("stage") },
        { label: t("owner") },
        { label: t("amount"), numeric: true },
        { label: t("expectedClose"), nowrap: true },
        { label: t("followUp"), nowrap: true },
        { label: t("why") },
      ]}
      empty={items.length === 0 ? t("empty") : undefined}
      footer={
        items.length > COLLAPSED_ROWS && (
          <Button variant="ghost" size="sm" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
            {expanded ? t("showFewer") : t("showAll", { count: items.length })}
          </Button>
        )
      }
    >
      {shown.map((d) => {
        const stage = reportStage(report, domain, d.pipeline_id, d.stage);
        return (
          <tr key={d.id} className="hover:bg-slate-50">
            <td className="max-w-80 min-w-40 px-4 py-2">
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
                <span aria-hidden className={cn("h-2 w-2 rounded-full", stage.style.dot)} />
                {stage.name}
              </span>
              <span className="block text-xs text-muted">{t("daysInStage", { count: d.days_in_stage })}</span>
            </td>
            <td className="px-4 py-2 whitespace-nowrap">{d.assigned_member_name ?? <span className="text-muted">{t("unassigned")}</span>}</td>
            <td className="px-4 py-2 text-right whitespace-nowrap tabular">{formatMoney(d.amount, d.currency, locale)}</td>
            <td className={cn("px-4 py-2 whitespace-nowrap tabular", d.expected_close_date && d.expected_close_date < today && "font-medium text-lost")}>
              {formatDate(d.expected_close_date, locale)}
            </td>
            <td className={cn("px-4 py-2 whitespace-nowrap tabular", d.next_followup_date && d.next_followup_date < today && "font-medium text-amber-700")}>
              {formatDate(d.next_followup_date, locale)}
            </td>
            <td className="px-4 py-2">
              <span className="flex flex-wrap gap-1">
                {d.reasons.map((r) => (
                  <span key={r} className={cn("rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset", REASON_STYLE[r])}>
                    {t(`reasons.${r}`)}
                  </span>
                ))}
              </span>
            </td>
          </tr>
        );
      })}
    </ReportTable>
  );
}
