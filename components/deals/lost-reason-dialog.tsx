"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { FieldError, Label, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { LOSS_CATEGORIES, type LossCategory } from "@/lib/deals/stages";

export interface LostReason {
  lost_reason: string;
  loss_category: LossCategory;
}

/**
 * Asked whenever a deal moves to Lost (board drop, stage stepper): both fields are required by
 * the API. Cancel leaves the deal where it was.
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
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onCancel()}>
      <DialogContent
        title="Mark deal as lost"
        description={dealName ? `Why was “${dealName}” lost? This helps the team learn from it.` : "Why was this deal lost?"}
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

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!category) return setError("Choose a loss category.");
    if (!reason.trim()) return setError("Write why the deal was lost.");
    onConfirm({ lost_reason: reason.trim(), loss_category: category as LossCategory });
  }

  return (
        <form onSubmit={submit} className="space-y-4">
          <div className="space-y-1.5">
            <Label htmlFor="loss-category">Loss category</Label>
            <Select
              id="loss-category"
              aria-label="Loss category"
              value={category}
              onValueChange={setCategory}
              placeholder="Choose a category"
              options={LOSS_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="lost-reason">Lost reason</Label>
            <Textarea id="lost-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Chose a cheaper vendor after the second proposal" />
          </div>
          <FieldError message={error ?? undefined} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" loading={pending}>
              Mark as lost
            </Button>
          </div>
        </form>
  );
}
