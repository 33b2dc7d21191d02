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
