"use client";

import { AlertDialog as AlertDialogPrimitive } from "radix-ui";
import * as React from "react";
import { cn } from "@/lib/utils";

export const AlertDialog = AlertDialogPrimitive.Root;
export const AlertDialogCancel = AlertDialogPrimitive.Cancel;
export const AlertDialogAction = AlertDialogPrimitive.Action;

/**
 * A confirmation that interrupts: it traps focus, ignores outside clicks, and Escape means
 * its Cancel. Looks like `DialogContent`, narrower; buttons go in `children`
 * (`AlertDialogCancel` / `AlertDialogAction` with `asChild` around a `Button`).
 */
export function AlertDialogContent({
  className,
  children,
  title,
  description,
  ...props
}: React.ComponentProps<typeof AlertDialogPrimitive.Content> & { title: string; description: string }) {
  return (
    <AlertDialogPrimitive.Portal>
      <AlertDialogPrimitive.Overlay className="fixed inset-0 z-50 bg-slate-900/20" />
      <AlertDialogPrimitive.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-50 max-h-[90dvh] w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-slate-200 bg-surface p-5 shadow-xl",
          className,
        )}
        {...props}
      >
        <AlertDialogPrimitive.Title className="text-base font-semibold">{title}</AlertDialogPrimitive.Title>
        <AlertDialogPrimitive.Description className="mt-1 text-sm text-muted">{description}</AlertDialogPrimitive.Description>
        <div className="mt-5 flex justify-end gap-2">{children}</div>
      </AlertDialogPrimitive.Content>
    </AlertDialogPrimitive.Portal>
  );
}
