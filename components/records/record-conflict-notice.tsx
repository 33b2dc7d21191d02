"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import type { ConflictSummary } from "@/lib/deals/diff";

/**
 * Shown when a save hits 409 `version_conflict`: someone changed the record after it was loaded.
 * Lists each of my changes beside the value now on the server, and what else they changed, then
 * lets the user reload (drop mine) or re-apply mine on top of theirs. Never automatic. The same
 * for deals, companies and contacts: the caller names the fields and writes their values.
 */
export function RecordConflictNotice({
  title,
  summary,
  label,
  format,
  pending,
  onReload,
  onReapply,
}: {
  /** "{who} changed this … while you were editing". */
  title: string;
  summary: ConflictSummary;
  label: (field: string) => string;
  format: (field: string, value: unknown) => string;
  pending?: boolean;
  onReload: () => void;
  onReapply: () => void;
}) {
  const t = useTranslations("deal.conflict");
  return (
    <div role="alert" aria-labelledby="conflict-title" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <div className="flex items-start gap-2">
        <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden />
        <div className="min-w-0 flex-1">
          <p id="conflict-title" className="font-medium text-amber-900">
            {title}
          </p>
          <p className="mt-0.5 text-xs text-amber-800">{t("body")}</p>
          <table className="mt-2 w-full text-xs">
            <thead>
              <tr className="text-left text-amber-800">
                <th scope="col" className="py-1 pr-2 font-medium">{t("field")}</th>
                <th scope="col" className="py-1 pr-2 font-medium">{t("theirs")}</th>
                <th scope="col" className="py-1 font-medium">{t("yours")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.mine.map((c) => (
                <tr key={c.field} className="border-t border-amber-200 align-top" data-testid={`conflict-${c.field}`}>
                  <th scope="row" className="py-1 pr-2 text-left font-medium text-slate-700">
                    {label(c.field)}
                    {c.clash ? <span className="ml-1 rounded bg-amber-200 px-1 text-[10px] text-amber-900">{t("bothChanged")}</span> : null}
                  </th>
                  <td className="py-1 pr-2 break-words text-slate-700 tabular">{format(c.field, c.theirs)}</td>
                  <td className="py-1 break-words font-medium text-slate-900 tabular">{format(c.field, c.yours)}</td>
                </tr>
              ))}
              {summary.theirsOnly.map((c) => (
                <tr key={c.field} className="border-t border-amber-200 align-top text-slate-600">
                  <th scope="row" className="py-1 pr-2 text-left font-normal">{label(c.field)}</th>
                  <td className="py-1 pr-2 break-words tabular">{format(c.field, c.theirs)}</td>
                  <td className="py-1 text-slate-500 italic">{t("keptTheirs")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button type="button" size="sm" variant="secondary" onClick={onReload} disabled={pending}>
              {t("reload")}
            </Button>
            <Button type="button" size="sm" onClick={onReapply} loading={pending}>
              {t("reapply", { count: summary.mine.length })}
            </Button>
          </div>
        </div>
      </div>
    </div>
  );
}
