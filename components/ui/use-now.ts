"use client";

import { useSyncExternalStore } from "react";

/** How often the shared clock ticks: relative times ("5 分前") move on by the half minute. */
const TICK_MS = 30_000;

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

const tick = () => {
  now = Date.now();
  for (const listener of listeners) listener();
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) {
    // A page brought back from the background catches up at once rather than at the next tick.
    document.addEventListener("visibilitychange", tick);
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      document.removeEventListener("visibilitychange", tick);
      if (timer) clearInterval(timer);
      timer = null;
    }
  };
}

function getSnapshot() {
  // The first reader after a quiet spell (no subscriber kept the clock going) gets a fresh time.
  if (listeners.size === 0 || Date.now() - now > TICK_MS) now = Date.now();
  return now;
}

const getServerSnapshot = () => null;

/**
 * The current time (ms since the epoch), shared by every component and ticking every 30 seconds,
 * so "5 minutes ago" keeps up on a page left open and a change just saved reads as "now".
 * Null while server-rendering and hydrating: the server's clock and time zone are not the
 * reader's, so time-relative text appears right after hydration (show an absolute date until then).
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
