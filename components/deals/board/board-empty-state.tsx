"use client";

import { KanbanSquare, Plus, SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * Shown over the (empty) columns when the board has no deal: with filters, a way to clear
 * them; without, what the board is for and a button to create the first deal.
 */
export function BoardEmptyState({
  filtered,
  onClearFilters,
  onCreateDeal,
  onPrepareCreateDeal,
}: {
  filtered: boolean;
  onClearFilters: () => void;
  onCreateDeal: () => void;
  /** Called on hover of the create button, to start loading the form before the click. */
  onPrepareCreateDeal: () => void;
}) {
  return (
    <div className="pointer-events-none absolute inset-x-0 top-24 flex justify-center px-4">
      <div className="pointer-events-auto w-full max-w-sm rounded-xl border border-slate-200 bg-surface p-6 text-center shadow-lg">
        {filtered ? (
          <>
            <SearchX className="mx-auto h-8 w-8 text-slate-300" aria-hidden />
            <h2 className="mt-2 text-sm font-semibold">No deals match these filters</h2>
            <p className="mt-1 text-sm text-muted">Try a different search, owner or date range.</p>
            <Button variant="secondary" size="sm" className="mt-4" onClick={onClearFilters}>
              Clear filters
            </Button>
          </>
        ) : (
          <>
            <KanbanSquare className="mx-auto h-8 w-8 text-accent/60" aria-hidden />
            <h2 className="mt-2 text-sm font-semibold">Your pipeline is empty</h2>
            <p className="mt-1 text-sm text-muted">Deals move left to right through the stages as they progress. Add the first one to get started.</p>
            <Button size="sm" className="mt-4" onClick={onCreateDeal} onPointerEnter={onPrepareCreateDeal}>
              <Plus className="h-4 w-4" aria-hidden /> Create your first deal
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
