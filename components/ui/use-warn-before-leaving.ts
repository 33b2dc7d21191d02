"use client";

import { useEffect, useRef } from "react";

/**
 * While `active`, asks the browser to confirm leaving the page (reload, closing the tab, typing
 * another address) whenever `hasUnsavedChanges()` says so at that moment. Client-side navigation
 * inside the app does not unload the page and is not covered.
 */
export function useWarnBeforeLeaving(active: boolean, hasUnsavedChanges: () => boolean) {
  const check = useRef(hasUnsavedChanges);
  useEffect(() => {
    check.current = hasUnsavedChanges;
  });
  useEffect(() => {
    if (!active) return;
    function onBeforeUnload(event: BeforeUnloadEvent) {
      if (!check.current()) return;
      event.preventDefault();
      // Older Safari and Firefox only show the prompt when returnValue is set.
      event.returnValue = "";
    }
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [active]);
}
