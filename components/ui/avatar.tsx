import { initials } from "@/lib/names";
import { cn } from "@/lib/utils";

export { initials };

const PALETTE = ["bg-indigo-100 text-indigo-700", "bg-emerald-100 text-emerald-700", "bg-amber-100 text-amber-800", "bg-sky-100 text-sky-700", "bg-rose-100 text-rose-700", "bg-violet-100 text-violet-700"];

function colorFor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/**
 * A person's initials in a coloured circle (lib/names.ts: "田中 太郎" → 田中, "Emily Carter" → EC).
 * `decorative` hides it from assistive tech where the name is written beside it.
 */
export function Avatar({ name, className, title, decorative }: { name: string | null | undefined; className?: string; title?: string; decorative?: boolean }) {
  const letters = initials(name);
  return (
    <span
      title={decorative ? undefined : (title ?? name ?? undefined)}
      aria-hidden={decorative || undefined}
      className={cn(
        "inline-flex h-6 w-6 shrink-0 items-center justify-center overflow-hidden rounded-full text-[10px] font-semibold whitespace-nowrap",
        // Two CJK characters are wider than two Latin capitals: a step smaller so they fit the circle.
        letters.length === 2 && /[^ -~]/.test(letters) && "tracking-tighter",
        colorFor(name ?? "?"),
        className,
      )}
    >
      {letters}
    </span>
  );
}
