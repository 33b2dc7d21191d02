"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/** Confirms a delete. Deals go to the trash (soft delete) and can be restored. */
export function DeleteDealDialog({
  open,
  dealName,
  pending,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  dealName: string;
  pending?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const t = useTranslations("deal.delete");
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent title={t("title")} description={t("description", { name: dealName })}>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel} autoFocus>
            {t("cancel")}
          </Button>
          <Button type="button" variant="danger" loading={pending} onClick={onConfirm}>
            {t("confirm")}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
