import type * as React from "react";
import { FieldError, Label } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { cn } from "@/lib/utils";

/** A titled group of fields, two columns from the small breakpoint up. */
export function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 text-[11px] font-semibold tracking-wide text-muted uppercase">{title}</legend>
      <div className="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/**
 * A labelled control with its hint and error. The control should carry `id` (the label points
 * at it) and `aria-describedby={describedBy(id, { hint, error })}`. `wide` spans both columns of
 * a Section.
 */
export function Field({ id, label, error, hint, wide, children }: { id: string; label: string; error?: string; hint?: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <div className={cn("min-w-0 space-y-1.5", wide && "sm:col-span-2")}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** What a Field's control is described by: its error when it has one, else its hint. */
export function describedBy(id: string, { hint, error }: { hint?: string; error?: string }): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

/**
 * A select over a value that may be empty (null): with `none`, the first option is that empty
 * choice (e.g. "None", "Unassigned"), and the placeholder says the same unless given.
 */
export function SelectField({
  value,
  onChange,
  options,
  none,
  placeholder,
  ...props
}: {
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  options: SelectOption[];
  none?: string;
  placeholder?: string;
  id?: string;
  className?: string;
  disabled?: boolean;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
}) {
  return (
    <Select
      {...props}
      value={value ?? ""}
      onValueChange={(v) => onChange(v || null)}
      options={none === undefined ? options : [{ value: "", label: none }, ...options]}
      placeholder={placeholder ?? none}
    />
  );
}
