"use client";

import { KanbanSquare, Plus, SearchX } from "lucide-react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("board.empty");
  return (
    <div className="pointer-events-none absolute inset-x-0 top-24 flex justify-center px-4">
      <div className="pointer-events-auto w-full max-w-sm rounded-xl border border-slate-200 bg-surface p-6 text-center shadow-lg">
        {filtered ? (
          <>
            <SearchX className="mx-auto h-8 w-8 text-slate-300" aria-hidden />
            <h2 className="mt-2 text-sm font-semibold">{t("filteredTitle")}</h2>
            <p className="mt-1 text-sm text-muted">{t("filteredBody")}</p>
            <Button variant="secondary" size="sm" className="mt-4" onClick={onClearFilters}>
              {t("clearFiltersButton")}
            </Button>
          </>
        ) : (
          <>
            <KanbanSquare className="mx-auto h-8 w-8 text-accent/60" aria-hidden />
            <h2 className="mt-2 text-sm font-semibold">{t("title")}</h2>
            <p className="mt-1 text-sm text-muted">{t("body")}</p>
            <Button size="sm" className="mt-4" onClick={onCreateDeal} onPointerEnter={onPrepareCreateDeal}>
              <Plus className="h-4 w-4" aria-hidden /> {t("create")}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
