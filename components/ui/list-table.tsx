import { ArrowDown, ArrowUp, ArrowUpDown, RotateCcw } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/**
 * A list table's column heading. A sortable column's heading is a button that sorts by it (its
 * arrow says which way when it is the sort in effect, and `aria-sort` says so to screen readers).
 */
export function SortableColumnHeading({
  label,
  active,
  order,
  onSort,
  align,
  className,
}: {
  label: ReactNode;
  /** This column is the sort in effect. */
  active: boolean;
  order: "asc" | "desc";
  /** Absent for a column that does not sort. */
  onSort?: () => void;
  align?: "left" | "right";
  className?: string;
}) {
  return (
    <th scope="col" aria-sort={active ? ARIA_SORT[order] : undefined} className={cn("h-9 px-3 text-left font-medium whitespace-nowrap", align === "right" && "text-right", className)}>
      {onSort ? (
        <button
          type="button"
          onClick={onSort}
          className={cn("-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/60 hover:text-slate-900", active && "text-slate-900", align === "right" && "flex-row-reverse")}
        >
          {label}
          {active ? (
            order === "asc" ? <ArrowUp className="h-3 w-3" aria-hidden /> : <ArrowDown className="h-3 w-3" aria-hidden />
          ) : (
            <ArrowUpDown className="h-3 w-3 opacity-40" aria-hidden />
          )}
        </button>
      ) : (
        label
      )}
    </th>
  );
}

/** The heading of the trash's Restore column: no visible text, a name for screen readers. */
export function ActionsColumnHeading({ label }: { label: string }) {
  return (
    <th scope="col" className="w-28 px-3 text-right font-medium">
      <span className="sr-only">{label}</span>
    </th>
  );
}

/** A row's Restore button in the trash. */
export function RestoreCell({ label, ariaLabel, loading, onRestore }: { label: string; ariaLabel: string; loading: boolean; onRestore: () => void }) {
  return (
    <td className="px-3 text-right">
      <Button size="sm" variant="secondary" onClick={onRestore} loading={loading} aria-label={ariaLabel}>
        <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {label}
      </Button>
    </td>
  );
}

/** Placeholder rows while the first page loads: a wide first (name) column, right-aligned figures. */
export function TableSkeletonRows({ columns }: { columns: { key: string; wide: boolean; align?: "left" | "right" }[] }) {
  return Array.from({ length: 8 }, (_, i) => (
    <tr key={i} className="border-b border-slate-100">
      {columns.map((c) => (
        <td key={c.key} className="h-11 px-3">
          <Skeleton className={cn("h-3.5", c.wide ? "w-48" : "w-16", c.align === "right" && "ml-auto")} />
        </td>
      ))}
    </tr>
  ));
}

/** Placeholder cards while the first page loads (the phone layout). */
export function CardSkeletons() {
  return Array.from({ length: 5 }, (_, i) => (
    <li key={i} className="space-y-2 p-3">
      <Skeleton className="h-4 w-2/3" />
      <Skeleton className="h-3 w-1/2" />
    </li>
  ));
}
