"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { canDeleteRecord } from "@/lib/permissions";
import type { RecordClient } from "@/lib/queries/records";
import { useMembers } from "@/lib/queries/use-members";
import { useRecordWrites } from "@/lib/queries/use-records";
import type { RecordNamespace } from "./record-list";
import { useRecordEdit } from "./use-record-edit";

/** Who looks at a record page: what decides whether they may delete and restore it. */
export interface RecordViewer {
  id: string;
  isManager: boolean;
}

interface PageRecord {
  id: string;
  version: number;
  is_deleted: boolean;
  created_by: string | null;
}

/**
 * What a company's and a contact's record page share besides their fields: in-place edits with
 * their conflict, the members' names (who changed it), and delete with Undo and restore, with
 * the toasts they show from the page's catalog (`ns`).
 */
export function useRecordPage<T extends PageRecord>({
  ns,
  client,
  record,
  name,
  fields,
  viewer,
}: {
  ns: RecordNamespace;
  client: RecordClient;
  record: T;
  /** How the toasts name the record. */
  name: string;
  /** The fields a conflict compares. */
  fields: readonly string[];
  viewer: RecordViewer;
}) {
  const t = useTranslations();
  const writes = useRecordWrites<T>(client);
  const edit = useRecordEdit<T>(client, writes.update, fields);
  const members = useMembers();
  const memberNames = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m.name])), [members.data]);
  const memberName = (uid: string) => memberNames.get(uid);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const canDelete = canDeleteRecord({ userId: viewer.id, isManager: viewer.isManager }, record);

  function confirmDelete() {
    writes.remove.mutate(record, {
      onSuccess: () => {
        setDeleteOpen(false);
        toast(t(`${ns}.record.deleted`), { description: t(`${ns}.record.deletedDetail`, { name }), duration: 10_000, action: { label: t("records.record.undo"), onClick: restore } });
      },
      onError: (error) => toast.error(t(`${ns}.record.deleteFailed`), { description: error.message }),
    });
  }

  function restore() {
    writes.restore.mutate(record.id, {
      onSuccess: () => toast.success(t(`${ns}.record.restored`)),
      onError: (error) => toast.error(t(`${ns}.record.restoreFailed`), { description: error.message }),
    });
  }

  return { writes, edit, memberName, deleted: record.is_deleted, canDelete, deleteOpen, setDeleteOpen, confirmDelete, restore };
}
