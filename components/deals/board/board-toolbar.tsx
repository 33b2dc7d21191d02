"use client";

import { Plus, Search, X } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { type BoardFilters, hasActiveFilters } from "@/lib/deals/board-filters";
import type { Member } from "@/lib/queries/members";
import { type LiveStatus, useLiveBoard } from "@/lib/queries/use-board";
import { cn } from "@/lib/utils";

const SEARCH_DEBOUNCE_MS = 250;
const dateClass = "h-8 rounded-md border border-slate-300 bg-surface px-2 text-sm text-foreground tabular focus-visible:border-accent";

function LiveIndicator({ status }: { status: LiveStatus }) {
  const text = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Offline";
  const title =
    status === "live"
      ? "Changes made by others appear here as they happen."
      : status === "connecting"
        ? "Connecting to live updates…"
        : "Live updates are off; the board refreshes when you come back to the tab.";
  return (
    <span className="hidden items-center gap-1.5 text-xs text-muted lg:inline-flex" title={title} role="status" aria-live="polite">
      <span className={cn("h-1.5 w-1.5 rounded-full", status === "live" ? "bg-won" : status === "connecting" ? "bg-stale" : "bg-slate-400")} aria-hidden />
      {text}
    </span>
  );
}

/**
 * Owns the board's live-updates subscription, so a status change ("Connecting…" → "Live")
 * re-renders this badge only, not the board: on the 5,000-deal benchmark tenant that re-render
 * was a 200 ms long task about a second after hydration.
 */
function LiveUpdates() {
  return <LiveIndicator status={useLiveBoard()} />;
}

/** Search, owner and close-date filters (kept in the URL by the board), live updates and "New deal". */
export function BoardToolbar({
  filters,
  onChange,
  members,
  updating,
  onNewDeal,
  onPrepareNewDeal,
}: {
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
  members: Member[];
  updating: boolean;
  onNewDeal: () => void;
  /** Called on hover/focus of "New deal", to start loading the form before the click. */
  onPrepareNewDeal?: () => void;
}) {
  // The search box is ahead of the URL while typing; the URL (and the query) follow after a pause.
  const [search, setSearch] = useState(filters.q);
  const [shownQ, setShownQ] = useState(filters.q);
  if (filters.q !== shownQ) {
    setShownQ(filters.q);
    setSearch(filters.q);
  }
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: search.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onChange]);

  const ownerOptions = [
    { value: "", label: "All owners" },
    { value: "me", label: "My deals" },
    { value: "none", label: "Unassigned" },
    ...members.map((m) => ({ value: m.id, label: m.name })),
  ];
  const active = hasActiveFilters(filters);

  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-surface px-4 py-2.5">
      <h1 className="text-base font-semibold">Board</h1>
      {/* On a phone the filters become one sideways-scrolling row under the title. */}
      <div className="order-last -mx-4 flex w-[calc(100%+2rem)] items-center gap-2 overflow-x-auto px-4 pb-0.5 sm:order-none sm:mx-0 sm:w-auto sm:flex-1 sm:flex-wrap sm:overflow-visible sm:px-0 sm:pb-0">
        <div className="relative w-52 shrink-0 sm:w-60">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") onChange({ ...filters, q: search.trim() });
            }}
            aria-label="Search deals"
            placeholder="Search deals…"
            maxLength={200}
            className="h-8 w-full rounded-md border border-slate-300 bg-surface pr-2 pl-8 text-sm placeholder:text-slate-400 focus-visible:border-accent"
          />
        </div>
        <div className="w-36 shrink-0 sm:w-40">
          {/* A native select, like the date inputs beside it: the board's bundle stays free of Radix Select. */}
          <select
            aria-label="Owner"
            value={filters.owner}
            onChange={(e) => onChange({ ...filters, owner: e.target.value })}
            className="h-8 w-full rounded-md border border-slate-300 bg-surface px-2 text-sm text-foreground focus-visible:border-accent"
          >
            {ownerOptions.map((o) => (
              <option key={o.value || "all"} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex shrink-0 items-center gap-1.5 text-xs text-muted">
          <label htmlFor="board-close-from" className="whitespace-nowrap">
            Close from
          </label>
          <input
            id="board-close-from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => onChange({ ...filters, from: e.target.value })}
            className={cn(dateClass, !filters.from && "text-slate-400")}
          />
          <label htmlFor="board-close-to">to</label>
          <input
            id="board-close-to"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => onChange({ ...filters, to: e.target.value })}
            className={cn(dateClass, !filters.to && "text-slate-400")}
          />
        </div>
        {active && (
          <Button variant="ghost" size="sm" className="shrink-0" onClick={() => onChange({ q: "", owner: "", from: "", to: "" })}>
            <X className="h-3.5 w-3.5" aria-hidden /> Clear filters
          </Button>
        )}
      </div>
      <div className="ml-auto flex items-center gap-3">
        {updating && <span className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-accent" role="status" aria-label="Updating the board" />}
        <LiveUpdates />
        <Button size="sm" className="h-8 px-3" onClick={onNewDeal} onPointerEnter={onPrepareNewDeal} onFocus={onPrepareNewDeal}>
          <Plus className="h-4 w-4" aria-hidden /> New deal
        </Button>
      </div>
    </div>
  );
}
