"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { useWarnBeforeLeaving } from "@/components/ui/use-warn-before-leaving";
import type { Deal } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { DealForm, type DealFormGuard } from "./form/deal-form";
import { DiscardChangesDialog } from "./form/discard-changes-dialog";

/**
 * Create or edit a deal in a dialog. Pass `deal` to edit it; `defaultStage` pre-fills the
 * stage of a new deal (the board's column "+"). `onSaved` gets the saved deal after the
 * deal queries (`dealKeys.all`) have been refreshed.
 *
 * Closing (Escape, a click outside, Cancel, the close button) is immediate when nothing was
 * changed, and asks "Discard changes?" when something was; so does leaving the page.
 */
export function DealFormDialog({
  open,
  onOpenChange,
  defaultStage,
  defaultPipelineId,
  deal,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultStage?: Stage;
  /** The pipeline a new deal starts in; default: the workspace's default pipeline. */
  defaultPipelineId?: string;
  deal?: Deal;
  onSaved?: (deal: Deal) => void;
}) {
  const t = useTranslations("form");
  const guard = useRef<DealFormGuard>(null);
  const [confirming, setConfirming] = useState(false);
  const hasUnsavedChanges = () => guard.current?.hasUnsavedChanges() ?? false;
  useWarnBeforeLeaving(open, hasUnsavedChanges);

  function requestClose() {
    if (hasUnsavedChanges()) setConfirming(true);
    else onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (o ? onOpenChange(true) : requestClose())}>
      <DialogContent
        title={deal ? t("editDeal") : t("newDeal")}
        description={deal ? `${deal.deal_number} · ${deal.name}` : t("newDescription")}
        className="max-w-2xl"
      >
        {/* Radix unmounts closed content, so every opening starts from fresh values. */}
        <DealForm
          guardRef={guard}
          deal={deal}
          defaultStage={defaultStage}
          defaultPipelineId={defaultPipelineId}
          onCancel={requestClose}
          onSaved={(saved) => {
            onOpenChange(false);
            onSaved?.(saved);
          }}
        />
      </DialogContent>
      <DiscardChangesDialog
        open={confirming}
        onOpenChange={setConfirming}
        description={deal ? t("discard.editDescription") : t("discard.createDescription")}
        onDiscard={() => onOpenChange(false)}
      />
    </Dialog>
  );
}
