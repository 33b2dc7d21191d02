"use client";

import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("form.discard");
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent
        title={t("title")}
        description={description}
        // Radix attaches a layer's Escape listener only after the layer has re-rendered as the
        // topmost one; until then the form dialog underneath still holds it, and an Escape
        // pressed in those milliseconds (a reflexive second press) just asked again, leaving
        // this open. Handled here too, Escape always means Keep editing.
        onKeyDown={(event) => {
          if (event.key === "Escape") onOpenChange(false);
        }}
      >
        <AlertDialogCancel asChild>
          <Button type="button" variant="secondary">
            {t("keep")}
          </Button>
        </AlertDialogCancel>
        <AlertDialogAction asChild>
          <Button type="button" variant="danger" onClick={onDiscard}>
            {t("discard")}
          </Button>
        </AlertDialogAction>
      </AlertDialogContent>
    </AlertDialog>
  );
}
