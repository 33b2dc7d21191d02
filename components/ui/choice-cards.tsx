"use client";

import { cn } from "@/lib/utils";

export interface ChoiceCard<T extends string> {
  value: T;
  label: string;
  hint?: string;
  /** The label's language when it differs from the page's (a language's own name). */
  lang?: string;
}

/**
 * One choice out of a few, each a card with a radio, its name and a line that explains it (the
 * settings' deal visibility, the profile's language). A fieldset with a legend for screen readers;
 * the chosen card is outlined, a keyboard-focused one ringed.
 */
export function ChoiceCards<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  disabled,
  className,
}: {
  name: string;
  legend: string;
  options: ChoiceCard<T>[];
  value: T;
  onChange: (value: T) => void;
  /** While a choice is being saved. */
  disabled?: boolean;
  className?: string;
}) {
  return (
    <fieldset className={cn("space-y-2", className)} aria-busy={disabled || undefined} disabled={disabled}>
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <label
          key={o.value}
          className={cn(
            "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent",
            value === o.value ? "border-accent bg-indigo-50/60" : "border-slate-200 hover:bg-slate-50",
          )}
        >
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            className="mt-0.5 h-4 w-4 accent-[var(--color-accent)]"
          />
          <span>
            <span className="block font-medium" lang={o.lang}>
              {o.label}
            </span>
            {o.hint && <span className="block text-xs text-slate-600">{o.hint}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
