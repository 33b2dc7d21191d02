"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { RecordNamespace } from "./record-list";

/** Confirms a delete. Companies and contacts go to the trash (soft delete) and can be restored. */
export function DeleteRecordDialog({ ns, open, name, pending, onCancel, onConfirm }: { ns: RecordNamespace; open: boolean; name: string; pending?: boolean; onCancel: () => void; onConfirm: () => void }) {
  const t = useTranslations();
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent title={t(`${ns}.delete.title`)} description={t(`${ns}.delete.description`, { name })}>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel} autoFocus>
            {t("records.delete.cancel")}
          </Button>
          <Button type="button" variant="danger" loading={pending} onClick={onConfirm}>
            {t(`${ns}.delete.confirm`)}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
