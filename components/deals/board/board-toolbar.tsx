"use client";

import { ListFilter, Plus, Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useLocale } from "@/components/ui/use-locale";
import { type BoardFilters, EMPTY_FILTERS, hasActiveFilters } from "@/lib/deals/board-filters";
import { compareNames } from "@/lib/names";
import type { Pipeline } from "@/lib/pipelines/model";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { usePipelineName } from "@/components/ui/use-domain";
import type { Member } from "@/lib/queries/members";
import { type LiveStatus, useLiveBoard } from "@/lib/queries/use-board";
import { cn } from "@/lib/utils";

const SEARCH_DEBOUNCE_MS = 250;
const dateClass = "h-8 rounded-md border border-slate-300 bg-surface px-2 text-sm text-foreground tabular focus-visible:border-accent";

function LiveIndicator({ status }: { status: LiveStatus }) {
  const t = useTranslations("board.live");
  const text = t(status === "live" ? "live" : status === "connecting" ? "connecting" : "offline");
  const title = t(status === "live" ? "liveTitle" : status === "connecting" ? "connectingTitle" : "offlineTitle");
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

/**
 * Which pipeline the board shows, when the workspace has more than one: a native select (the
 * board's bundle stays free of Radix Select), kept in the URL like the filters.
 */
function PipelineSwitcher({ current, filters, onChange }: { current: Pipeline | undefined; filters: BoardFilters; onChange: (filters: BoardFilters) => void }) {
  const t = useTranslations("board.toolbar");
  const nameOf = usePipelineName();
  const { data: pipelines } = usePipelines();
  if (!pipelines || pipelines.length < 2) return null;
  return (
    <select
      aria-label={t("pipeline")}
      data-testid="pipeline-switcher"
      value={current?.id ?? ""}
      onChange={(e) => {
        const chosen = pipelines.find((p) => p.id === e.target.value);
        // The default pipeline needs no parameter: /board stays its address.
        onChange({ ...filters, pipeline: !chosen || chosen.is_default ? "" : chosen.id });
      }}
      className="h-8 max-w-[60vw] rounded-md border border-slate-300 bg-surface px-2 text-sm font-medium text-foreground focus-visible:border-accent sm:max-w-56"
    >
      {pipelines.map((p) => (
        <option key={p.id} value={p.id}>
          {nameOf(p)}
        </option>
      ))}
    </select>
  );
}

/** The pipeline switcher, search, owner and close-date filters (kept in the URL by the board), live updates and "New deal". */
export function BoardToolbar({
  filters,
  onChange,
  members,
  pipeline,
  updating,
  onNewDeal,
  onPrepareNewDeal,
}: {
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
  members: Member[];
  /** The pipeline shown (once the board has loaded). */
  pipeline?: Pipeline;
  updating: boolean;
  onNewDeal: () => void;
  /** Called on hover/focus of "New deal", to start loading the form before the click. */
  onPrepareNewDeal?: () => void;
}) {
  const t = useTranslations("board");
  const tDomain = useTranslations("domain");
  const byName = compareNames(useLocale());
  // On a phone the filters fold away behind a "Filters" button.
  const [filtersOpen, setFiltersOpen] = useState(false);
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
    { value: "", label: t("toolbar.allOwners") },
    { value: "me", label: t("toolbar.myDeals") },
    { value: "none", label: tDomain("unassigned") },
    ...[...members].sort((a, b) => byName(a.name, b.name)).map((m) => ({ value: m.id, label: m.name })),
  ];
  const active = hasActiveFilters(filters);
  const activeCount = [filters.q, filters.owner, filters.from || filters.to].filter(Boolean).length;

  return (
    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-surface px-4 py-2.5">
      <h1 className="text-base font-semibold">{t("title")}</h1>
      <PipelineSwitcher current={pipeline} filters={filters} onChange={onChange} />
      <Button
        variant="secondary"
        size="sm"
        className="h-8 sm:hidden"
        aria-expanded={filtersOpen}
        aria-controls="board-filters"
        onClick={() => setFiltersOpen((open) => !open)}
      >
        <ListFilter className="h-4 w-4" aria-hidden />
        {t("toolbar.filters")}
        {activeCount > 0 && (
          <span className="rounded-full bg-accent px-1.5 text-[11px] text-white tabular">
            <span aria-hidden>{activeCount}</span>
            <span className="sr-only">{t("toolbar.activeFilters", { count: activeCount })}</span>
          </span>
        )}
      </Button>
      {/* On a phone the filters open under the title as a wrapping panel; from sm up they sit in the row. */}
      <div
        id="board-filters"
        className={cn(
          "order-last w-full flex-wrap items-center gap-2 sm:order-none sm:flex sm:w-auto sm:flex-1",
          filtersOpen ? "flex" : "hidden",
        )}
      >
        <div className="relative w-full shrink-0 sm:w-60">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") onChange({ ...filters, q: search.trim() });
            }}
            aria-label={t("toolbar.searchLabel")}
            placeholder={t("toolbar.searchPlaceholder")}
            maxLength={200}
            className="h-9 w-full rounded-md border border-slate-300 bg-surface pr-2 pl-8 text-sm placeholder:text-slate-500 focus-visible:border-accent sm:h-8"
          />
        </div>
        <div className="w-full shrink-0 sm:w-40">
          {/* A native select, like the date inputs beside it: the board's bundle stays free of Radix Select. */}
          <select
            aria-label={t("toolbar.owner")}
            value={filters.owner}
            onChange={(e) => onChange({ ...filters, owner: e.target.value })}
            className="h-9 w-full rounded-md border border-slate-300 bg-surface px-2 text-sm text-foreground focus-visible:border-accent sm:h-8"
          >
            {ownerOptions.map((o) => (
              <option key={o.value || "all"} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-1.5 text-xs text-muted">
          <label htmlFor="board-close-from" className="whitespace-nowrap">
            {t("toolbar.closeFrom")}
          </label>
          <input
            id="board-close-from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => onChange({ ...filters, from: e.target.value })}
            className={cn(dateClass, !filters.from && "text-muted")}
          />
          <label htmlFor="board-close-to">{t("toolbar.closeTo")}</label>
          <input
            id="board-close-to"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => onChange({ ...filters, to: e.target.value })}
            className={cn(dateClass, !filters.to && "text-muted")}
          />
        </div>
        {active && (
          <Button variant="ghost" size="sm" className="shrink-0" onClick={() => onChange({ ...EMPTY_FILTERS, pipeline: filters.pipeline })}>
            <X className="h-3.5 w-3.5" aria-hidden /> {t("toolbar.clearFilters")}
          </Button>
        )}
      </div>
      <div className="ml-auto flex items-center gap-3">
        {updating && <span className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-accent" role="status" aria-label={t("toolbar.updating")} />}
        <LiveUpdates />
        <Button size="sm" className="h-8 px-3" onClick={onNewDeal} onPointerEnter={onPrepareNewDeal} onFocus={onPrepareNewDeal}>
          <Plus className="h-4 w-4" aria-hidden /> {t("toolbar.newDeal")}
        </Button>
      </div>
    </div>
  );
}
