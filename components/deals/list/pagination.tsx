"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { PAGE_SIZES, type PageSize } from "@/lib/deals/list-state";

export function Pagination({
  page,
  size,
  total,
  onPage,
  onSize,
}: {
  page: number;
  size: PageSize;
  total: number;
  onPage: (page: number) => void;
  onSize: (size: PageSize) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(page * size, total);
  const fmt = new Intl.NumberFormat();
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="tabular text-muted" aria-live="polite">
        {total === 0 ? "No deals" : `${fmt.format(first)}–${fmt.format(last)} of ${fmt.format(total)}`}
      </p>
      <div className="flex items-center gap-3">
        <div className="flex items-center gap-2">
          <label htmlFor="page-size" className="text-xs text-muted">
            Rows per page
          </label>
          <Select id="page-size" aria-label="Rows per page" value={String(size)} onValueChange={(v) => onSize(Number(v) as PageSize)} options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))} className="h-8 w-20" />
        </div>
        <span className="tabular text-xs text-muted">
          Page {page} of {pages}
        </span>
        <div className="flex gap-1">
          <Button variant="secondary" size="icon" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label="Previous page">
            <ChevronLeft className="h-4 w-4" aria-hidden />
          </Button>
          <Button variant="secondary" size="icon" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label="Next page">
            <ChevronRight className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      </div>
    </nav>
  );
}
