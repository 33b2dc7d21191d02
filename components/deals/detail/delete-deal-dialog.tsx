"use client";

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
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent title="Delete this deal?" description={`“${dealName}” moves to the trash. You can restore it from there, or undo right after.`}>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button type="button" variant="danger" loading={pending} onClick={onConfirm}>
            Delete deal
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
