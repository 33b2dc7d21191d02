"use client";

import { useTranslations } from "next-intl";
import { useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FieldError, Label, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { LOSS_CATEGORY_IDS, type LossCategory } from "@/lib/deals/stages";

export interface LostReason {
  lost_reason: string;
  loss_category: LossCategory;
}

/**
 * Asked whenever a deal moves to Lost (board drop, stage stepper): both fields are required by
 * the API. Cancel leaves the deal where it was, and gives focus back to whatever opened the
 * dialog (the stepper's Lost button, a dragged card) rather than to the page.
 */
export function LostReasonDialog({
  open,
  dealName,
  initial,
  pending,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  dealName?: string;
  initial?: Partial<LostReason>;
  pending?: boolean;
  onCancel: () => void;
  onConfirm: (reason: LostReason) => void;
}) {
  const t = useTranslations("deal.lost");
  // The element focused when the dialog opened: the dialog was opened by code, not by a Radix trigger.
  // Layout effects run before the dialog's focus scope moves focus in (a passive effect).
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  }, [open]);
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent
        title={t("title")}
        description={dealName ? t("description", { name: dealName }) : t("descriptionGeneric")}
        onCloseAutoFocus={(event) => {
          const target = opener.current;
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          }
        }}
      >
        <LostReasonForm initial={initial} pending={pending} onCancel={onCancel} onConfirm={onConfirm} />
      </DialogContent>
    </Dialog>
  );
}

/** Mounted only while the dialog is open (Radix unmounts closed content), so state resets per opening. */
function LostReasonForm({
  initial,
  pending,
  onCancel,
  onConfirm,
}: {
  initial?: Partial<LostReason>;
  pending?: boolean;
  onCancel: () => void;
  onConfirm: (reason: LostReason) => void;
}) {
  const [reason, setReason] = useState(initial?.lost_reason ?? "");
  const [category, setCategory] = useState<string>(initial?.loss_category ?? "");
  const [error, setError] = useState<string | null>(null);
  const t = useTranslations("deal.lost");
  const tCategory = useTranslations("domain.lossCategories");

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!category) return setError(t("needCategory"));
    if (!reason.trim()) return setError(t("needReason"));
    onConfirm({ lost_reason: reason.trim(), loss_category: category as LossCategory });
  }

  return (
        <form onSubmit={submit} className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="loss-category">{t("category")}</Label>
            <Select
              id="loss-category"
              value={category}
              onValueChange={setCategory}
              placeholder={t("categoryPlaceholder")}
              options={LOSS_CATEGORY_IDS.map((id) => ({ value: id, label: tCategory(id) }))}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="lost-reason">{t("reason")}</Label>
            <Textarea id="lost-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} placeholder={t("reasonPlaceholder")} />
          </div>
          <FieldError message={error ?? undefined} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              {t("cancel")}
            </Button>
            <Button type="submit" variant="danger" loading={pending}>
              {t("confirm")}
            </Button>
          </div>
        </form>
  );
}
