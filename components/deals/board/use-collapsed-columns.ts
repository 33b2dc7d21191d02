"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import type { Stage } from "@/lib/deals/stages";

/** The closed stages, which fold into a narrow strip so a whole pipeline fits on a laptop screen. */
export const COLLAPSIBLE_STAGES: readonly Stage[] = ["closed_won", "closed_lost"];

const STORAGE_KEY = "pipeline.board.collapsed";
const listeners = new Set<() => void>();
/** Used when storage is refused (some private modes): the fold then lasts as long as the page. */
let memory = "";

function read(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? memory;
  } catch {
    return memory;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab folding a column folds it here too.
  const onStorage = (event: StorageEvent) => event.key === STORAGE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/**
 * Which of Won and Lost are folded, remembered in this browser (localStorage). The server and
 * the hydrating render show every column open; a remembered fold applies right after.
 */
export function useCollapsedColumns() {
  const stored = useSyncExternalStore(subscribe, read, () => "");
  const collapsed = useMemo(
    () => new Set(stored.split(",").filter((s): s is Stage => (COLLAPSIBLE_STAGES as readonly string[]).includes(s))) as ReadonlySet<Stage>,
    [stored],
  );
  const toggleCollapsed = useCallback((stage: Stage) => {
    const next = new Set(read().split(",").filter(Boolean));
    if (next.has(stage)) next.delete(stage);
    else next.add(stage);
    memory = [...next].join(",");
    try {
      window.localStorage.setItem(STORAGE_KEY, memory);
    } catch {
      // Kept in memory instead.
    }
    for (const listener of listeners) listener();
  }, []);
  return { collapsed, toggleCollapsed };
}
