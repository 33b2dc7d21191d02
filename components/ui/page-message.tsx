import type { LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils";

const TONE = {
  quiet: "text-slate-300",
  warning: "text-amber-500",
  danger: "text-lost",
} as const;

/**
 * What a page says when it has nothing else to show: not found, not for this role, failed, or
 * nothing yet. An icon, a title, a sentence and the ways on. As a whole page it is the page's
 * `main` and its title the h1; `panel` puts it in a dashed card inside a page that has its own
 * title (an empty report), with an h2.
 */
export function PageMessage({
  icon: Icon,
  tone = "quiet",
  title,
  body,
  actions,
  role,
  panel = false,
}: {
  icon: LucideIcon;
  tone?: keyof typeof TONE;
  title: string;
  body: React.ReactNode;
  actions?: React.ReactNode;
  /** "alert" for failures (read out at once), "status" for a polite explanation. */
  role?: "alert" | "status";
  panel?: boolean;
}) {
  const Heading = panel ? "h2" : "h1";
  const message = (
    <div className="max-w-md text-center" role={role}>
      <Icon className={cn("mx-auto h-10 w-10", TONE[tone])} aria-hidden />
      <Heading className={cn("mt-3 font-semibold", panel ? "text-base" : "text-lg")}>{title}</Heading>
      <p className="mt-1 text-sm text-muted">{body}</p>
      {actions ? <div className="mt-4 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </div>
  );
  if (panel) {
    return <div className="flex flex-1 items-center justify-center rounded-lg border border-dashed border-slate-300 bg-surface p-6 sm:p-12">{message}</div>;
  }
  return <main className="flex flex-1 items-center justify-center p-8">{message}</main>;
}
