import { cn } from "@/lib/utils";

const COLORS: Record<string, string> = {
  GET: "bg-sky-50 text-sky-700 ring-sky-200",
  POST: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  PATCH: "bg-amber-50 text-amber-800 ring-amber-200",
  PUT: "bg-amber-50 text-amber-800 ring-amber-200",
  DELETE: "bg-red-50 text-red-700 ring-red-200",
};

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span className={cn("inline-flex w-14 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold ring-1 ring-inset", COLORS[method] ?? "bg-slate-100 text-slate-700 ring-slate-200", className)}>
      {method}
    </span>
  );
}
