"use client";

import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

/**
 * Asked before a form with unsaved edits closes. "Keep editing" is focused and is also what
 * Escape does, so a reflexive second Escape never throws work away.
 */
export function DiscardChangesDialog({
  open,
  description,
  onOpenChange,
  onDiscard,
}: {
  open: boolean;
  description: string;
  /** Closed by Keep editing or Escape (and after Discard). */
  onOpenChange: (open: boolean) => void;
  onDiscard: () => void;
}) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent
        title="Discard changes?"
        description={description}
        // Radix handles Escape only once this layer has re-rendered as the topmost one; an Escape
        // pressed in the few milliseconds after it opens (a reflexive second press) reached
        // neither layer. Handled here too, it always means Keep editing.
        onKeyDown={(event) => {
          if (event.key === "Escape") onOpenChange(false);
        }}
      >
        <AlertDialogCancel asChild>
          <Button type="button" variant="secondary">
            Keep editing
          </Button>
        </AlertDialogCancel>
        <AlertDialogAction asChild>
          <Button type="button" variant="danger" onClick={onDiscard}>
            Discard
          </Button>
        </AlertDialogAction>
      </AlertDialogContent>
    </AlertDialog>
  );
}
