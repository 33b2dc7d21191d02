import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cn("animate-pulse rounded-md bg-slate-200/80", className)} />;
}

/**
 * A card of placeholder lines, one per class list (height, width and the gap above it), drawn
 * where a card of text will load, so the page keeps its shape when the content arrives.
 */
export function SkeletonCard({ lines, className }: { lines: string[]; className?: string }) {
  return (
    <div className={cn("rounded-lg border border-slate-200 bg-surface p-4", className)}>
      {lines.map((line, i) => (
        <Skeleton key={i} className={line} />
      ))}
    </div>
  );
}

/**
 * A record page (a deal, a company, a contact) while it loads: the back link, the header card,
 * the field rows on the left and the page's own side column, laid out as the loaded page is, so
 * nothing jumps when the record arrives.
 */
export function RecordPageSkeletonLayout({
  label,
  headerLines,
  fieldRows,
  children,
}: {
  label: string;
  headerLines: string[];
  fieldRows: number;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6" aria-busy="true" aria-label={label}>
      <Skeleton className="mb-3 h-4 w-40" />
      <SkeletonCard className="p-5" lines={headerLines} />
      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)]">
        <div className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
          {Array.from({ length: fieldRows }, (_, i) => (
            <div key={i} className="grid grid-cols-[8.5rem_1fr] gap-2">
              <Skeleton className="h-4 w-20" />
              <Skeleton className="h-4 w-full" />
            </div>
          ))}
        </div>
        <div className="space-y-4">{children}</div>
      </div>
    </main>
  );
}
