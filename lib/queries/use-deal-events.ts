import { useEffect, useEffectEvent } from "react";

/**
 * The one subscription to the tenant's deal changes (server-sent events from
 * /api/v1/crm/events, fed by PostgreSQL LISTEN/NOTIFY). Events carry ids, never deal data: a
 * page refetches through the normal, tenant-checked reads.
 */

const EVENTS_URL = "/api/v1/crm/events";

export type LiveStatus = "connecting" | "live" | "offline";

/** A `deal_change` event's data. */
export interface DealChange {
  deal_id?: string;
  version?: number;
  /** The user who made the change (null for integrations and the system). */
  by?: string | null;
}

/**
 * A refresh that runs once, `debounceMs` after the last of a burst of `schedule()` calls, and
 * while `held()` is true waits another period instead of running.
 */
export function debouncedRefresh(run: () => void, debounceMs: number, held: () => boolean = () => false) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    if (held()) {
      timer = setTimeout(fire, debounceMs);
      return;
    }
    timer = null;
    run();
  };
  return {
    schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, debounceMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

function readChange(event: Event): DealChange | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as DealChange;
  } catch {
    return null;
  }
}

/**
 * Calls `refresh` once per burst of changes (debounced by `debounceMs`), for every change or only
 * those `isRelevant` accepts, after a `resync` (the server's listener reconnected and may have
 * missed some), and when this connection comes back after a drop (so may we). While `holdWhile`
 * returns true the refresh waits another period (the board holds it while a move of its own is
 * in flight: that move's settle refetches, and refetching earlier would flicker the card back).
 * `onStatus` hears the connection's state, for a "Live" badge.
 */
export function useDealEvents({
  refresh,
  isRelevant,
  holdWhile,
  onStatus,
  debounceMs,
}: {
  refresh: () => void;
  isRelevant?: (change: DealChange) => boolean;
  holdWhile?: () => boolean;
  onStatus?: (status: LiveStatus) => void;
  debounceMs: number;
}): void {
  const runRefresh = useEffectEvent(refresh);
  const relevant = useEffectEvent((change: DealChange | null) => (isRelevant ? change !== null && isRelevant(change) : true));
  const held = useEffectEvent(() => holdWhile?.() ?? false);
  const report = useEffectEvent((status: LiveStatus) => onStatus?.(status));

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const { schedule, cancel } = debouncedRefresh(() => runRefresh(), debounceMs, () => held());
    let wasLive = false;
    const source = new EventSource(EVENTS_URL);
    source.addEventListener("ready", () => {
      report("live");
      if (wasLive) schedule();
      wasLive = true;
    });
    source.addEventListener("deal_change", (event) => {
      if (relevant(readChange(event))) schedule();
    });
    source.addEventListener("resync", schedule);
    source.onerror = () => report(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => {
      cancel();
      source.close();
    };
  }, [debounceMs]);
}
