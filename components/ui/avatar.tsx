import { initials } from "@/lib/names";
import { cn } from "@/lib/utils";

export { initials };

const PALETTE = ["bg-indigo-100 text-indigo-700", "bg-emerald-100 text-emerald-700", "bg-amber-100 text-amber-800", "bg-sky-100 text-sky-700", "bg-rose-100 text-rose-700", "bg-violet-100 text-violet-700"];

function colorFor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

export function Avatar({ name, className, title }: { name: string | null | undefined; className?: string; title?: string }) {
  return (
    <span
      title={title ?? name ?? undefined}
      className={cn(
        "inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-[10px] font-semibold",
        colorFor(name ?? "?"),
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
