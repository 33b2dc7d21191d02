"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { RecordConflictNotice } from "./record-conflict-notice";
import type { RecordNamespace } from "./record-list";
import type { useRecordEdit } from "./use-record-edit";

type RecordEdit = Pick<ReturnType<typeof useRecordEdit<{ id: string; version: number; updated_by: string | null }>>, "conflict" | "summary" | "reapplying" | "reload" | "reapply">;

/**
 * A company's or a contact's save that hit a 409, while it is unresolved: who changed the record,
 * theirs against mine field by field, and Reload or Re-apply, each saying what it did.
 */
export function RecordEditConflict({
  ns,
  edit,
  memberName,
  format,
}: {
  ns: RecordNamespace;
  edit: RecordEdit;
  memberName: (userId: string) => string | undefined;
  /** A field's value as the page shows it (a company id as the company's name, say). */
  format: (field: string, value: unknown) => string;
}) {
  const t = useTranslations();
  if (!edit.conflict || !edit.summary) return null;
  const changedBy = edit.conflict.theirs.updated_by;
  return (
    <div className="mt-4">
      <RecordConflictNotice
        title={t(`${ns}.conflict.title`, { who: (changedBy && memberName(changedBy)) || t("deal.conflict.someone") })}
        summary={edit.summary}
        label={(field) => t(`${ns}.fields.${field}`)}
        format={(field, value) => (value === null || value === undefined || value === "" ? t("records.record.empty") : format(field, value))}
        pending={edit.reapplying}
        onReload={() => {
          edit.reload();
          toast(t("records.record.showingLatest"));
        }}
        onReapply={() => void edit.reapply().then((saved) => saved && toast.success(t("records.record.reapplied", { count: 1 })), (error: Error) => toast.error(t("records.record.saveFailed"), { description: error.message }))}
      />
    </div>
  );
}
