"use client";

import { useSyncExternalStore } from "react";

const subscribe = (onChange: () => void) => {
  window.addEventListener("languagechange", onChange);
  return () => window.removeEventListener("languagechange", onChange);
};

/**
 * The browser's locale for Intl formatting. The server renders with en-US; hydration starts
 * from that snapshot and then switches to the browser's, so there is no hydration mismatch.
 */
export function useLocale(): string {
  return useSyncExternalStore(
    subscribe,
    () => navigator.language || "en-US",
    () => "en-US",
  );
}
