import { cn } from "@/lib/utils";

/**
 * One card of a settings page. Its heading names the region, so assistive technology lists each
 * setting as a landmark and tests find it by role and name; `intro` says what the setting does.
 */
export function SettingsSection({
  id,
  heading,
  intro,
  className,
  children,
}: {
  /** Prefix of the heading's element id (`${id}-heading`), unique on the page. */
  id: string;
  heading: string;
  intro?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={cn("rounded-lg border border-slate-200 bg-surface p-4", className)}>
      <h2 id={`${id}-heading`} className="text-sm font-semibold">
        {heading}
      </h2>
      {intro ? <p className="mt-1 text-xs text-muted">{intro}</p> : null}
      {children}
    </section>
  );
}
