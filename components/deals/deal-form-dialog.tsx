"use client";

import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { Deal } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { DealForm } from "./form/deal-form";

/**
 * Create or edit a deal in a dialog. Pass `deal` to edit it; `defaultStage` pre-fills the
 * stage of a new deal (the board's column "+"). `onSaved` gets the saved deal after the
 * deal queries (`dealKeys.all`) have been refreshed.
 */
export function DealFormDialog({
  open,
  onOpenChange,
  defaultStage,
  deal,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  defaultStage?: Stage;
  deal?: Deal;
  onSaved?: (deal: Deal) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={deal ? "Edit deal" : "New deal"}
        description={deal ? `${deal.deal_number} · ${deal.name}` : "Only the name is required; everything else can be filled in later."}
        className="max-w-2xl"
      >
        {/* Radix unmounts closed content, so every opening starts from fresh values. */}
        <DealForm
          deal={deal}
          defaultStage={defaultStage}
          onCancel={() => onOpenChange(false)}
          onSaved={(saved) => {
            onOpenChange(false);
            onSaved?.(saved);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
