"use client";

import { ChevronDown, Plus, Search, Trash2, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import { type Stage, STAGES } from "@/lib/deals/stages";
import type { DealsListState } from "@/lib/deals/list-state";
import type { Member } from "@/lib/queries/members";
import { cn } from "@/lib/utils";
import { stageDot } from "./stage-badge";

/** Search, stage and owner filters, the trash switch and "New deal". */
export function ListToolbar({
  state,
  members,
  companyName,
  contactLabel,
  onChange,
  onNewDeal,
}: {
  state: DealsListState;
  members: Member[];
  companyName: string | null;
  contactLabel: string | null;
  onChange: (patch: Partial<DealsListState>) => void;
  onNewDeal: () => void;
}) {
  const [search, setSearch] = useState(state.search);
  const searchRef = useRef<HTMLInputElement>(null);
  const [lastUrlSearch, setLastUrlSearch] = useState(state.search);

  // The URL changed from outside (back button, "Clear filters"): show its search text.
  if (state.search !== lastUrlSearch) {
    setLastUrlSearch(state.search);
    setSearch(state.search);
  }

  useEffect(() => {
    if (search.trim() === state.search.trim()) return;
    const t = setTimeout(() => onChange({ search, page: 1 }), 250);
    return () => clearTimeout(t);
  }, [search, state.search, onChange]);

  // "/" jumps to the search box, as in most list views.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement | null;
      if (e.key !== "/" || (t && (["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) || t.isContentEditable))) return;
      e.preventDefault();
      searchRef.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const toggleStage = (s: Stage) =>
    onChange({ stages: state.stages.includes(s) ? state.stages.filter((x) => x !== s) : [...state.stages, s], page: 1 });

  const ownerOptions = [
    { value: "", label: "Any owner" },
    { value: "me", label: "My deals" },
    { value: "none", label: "Unassigned" },
    ...members.map((m) => ({ value: m.id, label: m.name })),
  ];

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-72">
        <label htmlFor="deal-search" className="sr-only">
          Search deals
        </label>
        <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
        <input
          ref={searchRef}
          id="deal-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") onChange({ search, page: 1 });
            if (e.key === "Escape" && search) {
              e.preventDefault();
              setSearch("");
              onChange({ search: "", page: 1 });
            }
          }}
          placeholder="Search name or number…"
          className="h-9 w-full rounded-md border border-slate-300 bg-surface pr-8 pl-8 text-sm shadow-xs placeholder:text-slate-400 focus-visible:border-accent"
        />
        <kbd className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 rounded border border-slate-200 px-1 text-[10px] text-slate-400 sm:block">/</kbd>
      </div>

      <Popover>
        <PopoverTrigger asChild>
          <Button variant="secondary" aria-label={`Stage filter${state.stages.length ? `: ${state.stages.length} selected` : ""}`}>
            Stage
            {state.stages.length ? <span className="rounded bg-accent-soft px-1.5 text-xs text-accent">{state.stages.length}</span> : null}
            <ChevronDown className="h-3.5 w-3.5 text-slate-400" aria-hidden />
          </Button>
        </PopoverTrigger>
        <PopoverContent className="w-52 p-1">
          <fieldset>
            <legend className="px-2 py-1 text-xs text-muted">Show stages</legend>
            {STAGES.map((s) => (
              <label key={s.id} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100">
                <input type="checkbox" checked={state.stages.includes(s.id)} onChange={() => toggleStage(s.id)} className="h-3.5 w-3.5 accent-[var(--accent)]" />
                <span className={cn("h-2 w-2 rounded-full", stageDot(s.id))} aria-hidden />
                {s.label}
              </label>
            ))}
          </fieldset>
          {state.stages.length ? (
            <Button variant="ghost" size="sm" className="mt-1 w-full" onClick={() => onChange({ stages: [], page: 1 })}>
              Clear stages
            </Button>
          ) : null}
        </PopoverContent>
      </Popover>

      <div className="w-40">
        <Select aria-label="Owner filter" value={state.owner} onValueChange={(v) => onChange({ owner: v, page: 1 })} options={ownerOptions} placeholder="Any owner" />
      </div>

      {state.companyId ? (
        <FilterChip label={`Company: ${companyName ?? "…"}`} onRemove={() => onChange({ companyId: "", page: 1 })} />
      ) : null}
      {state.contactId ? <FilterChip label={`Contact: ${contactLabel ?? "…"}`} onRemove={() => onChange({ contactId: "", page: 1 })} /> : null}

      <div className="ml-auto flex items-center gap-2">
        <Button
          variant={state.trash ? "primary" : "ghost"}
          aria-pressed={state.trash}
          onClick={() => onChange({ trash: !state.trash, page: 1 })}
          className={cn(state.trash && "bg-red-600 hover:bg-red-700")}
        >
          <Trash2 className="h-3.5 w-3.5" aria-hidden /> Trash
        </Button>
        {!state.trash ? (
          <Button onClick={onNewDeal}>
            <Plus className="h-4 w-4" aria-hidden /> New deal
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function FilterChip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex h-9 items-center gap-1 rounded-md border border-slate-200 bg-accent-soft pr-1 pl-2.5 text-sm text-accent">
      {label}
      <button type="button" onClick={onRemove} className="rounded p-1 hover:bg-indigo-100" aria-label={`Remove filter ${label}`}>
        <X className="h-3.5 w-3.5" aria-hidden />
      </button>
    </span>
  );
}
