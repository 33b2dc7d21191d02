"use client";

import { Check, ChevronsUpDown, Plus, Search, X } from "lucide-react";
import { useTranslations } from "next-intl";
import * as React from "react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/lib/utils";

export interface ComboboxOption {
  value: string;
  label: string;
  /** A muted second line, e.g. a contact's company or a member's email. */
  hint?: string;
  /**
   * A row that does something instead of being chosen ("Create company …", "Show every
   * company's contacts"): picking it runs `run`, and closes the list when `close` is set.
   */
  action?: { run: () => void; close?: boolean };
}

interface BaseProps {
  id?: string;
  /** Options for the current search text (the parent fetches them). */
  options: ComboboxOption[];
  /** Labels for the selected value(s), shown even when they are not in `options`. */
  selected: ComboboxOption[];
  search: string;
  onSearchChange: (search: string) => void;
  loading?: boolean;
  error?: string | null;
  placeholder?: string;
  searchPlaceholder?: string;
  emptyText?: string;
  disabled?: boolean;
  className?: string;
  /** Open the list at once, with focus in its search box (an in-place editor). */
  defaultOpen?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-label"?: string;
}

type ComboboxProps =
  | (BaseProps & { multiple?: false; value: string | null; onChange: (value: string | null, option: ComboboxOption | null) => void; clearable?: boolean })
  | (BaseProps & { multiple: true; value: string[]; onChange: (value: string[], options: ComboboxOption[]) => void; clearable?: never });

/**
 * A searchable select (single or multiple) following the ARIA combobox pattern: the trigger is a
 * button, the popover holds a search box (role combobox) that drives a listbox with arrow keys,
 * Enter to pick and Escape to close. Options come from the parent so they can be fetched.
 *
 * Opening moves focus into the search box, also inside a dialog: the box is focused when the
 * popover's own focus scope mounts (`onOpenAutoFocus`), after the dialog's trap has handed over;
 * an `autoFocus` would fire first and the dialog would pull focus back to the trigger.
 */
export function Combobox(props: ComboboxProps) {
  const t = useTranslations("form.controls");
  const { id, options, selected, search, onSearchChange, loading, error, disabled, className } = props;
  const placeholder = props.placeholder ?? t("select");
  const searchPlaceholder = props.searchPlaceholder ?? t("search");
  const emptyText = props.emptyText ?? t("noMatches");
  const [open, setOpen] = React.useState(props.defaultOpen ?? false);
  const searchRef = React.useRef<HTMLInputElement>(null);
  const [active, setActive] = React.useState(0);
  const listId = React.useId();
  const ariaLabel = props["aria-label"];
  const selectedValues = props.multiple ? props.value : props.value ? [props.value] : [];

  const showNone = !props.multiple && props.clearable && !search;
  const rows: ComboboxOption[] = showNone ? [{ value: "", label: t("none") }, ...options] : options;

  function pick(option: ComboboxOption) {
    if (option.action) {
      if (option.action.close) setOpen(false);
      option.action.run();
      if (option.action.close) onSearchChange("");
      else setActive(0);
      return;
    }
    if (props.multiple) {
      const has = props.value.includes(option.value);
      const nextValues = has ? props.value.filter((v) => v !== option.value) : [...props.value, option.value];
      const known = new Map([...selected, ...options].map((o) => [o.value, o]));
      props.onChange(nextValues, nextValues.map((v) => known.get(v) ?? { value: v, label: v }));
    } else {
      props.onChange(option.value || null, option.value ? option : null);
      // Closing by a pick clears the search as closing any other way does, so the list opens afresh next time.
      setOpen(false);
      onSearchChange("");
    }
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      // Clamped at 0: the list may be empty for a moment while a new search loads.
      setActive((a) => Math.max(0, Math.min(a + 1, rows.length - 1)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const row = rows[Math.min(active, rows.length - 1)];
      if (row) pick(row);
    }
  }

  const triggerLabel = props.multiple
    ? selected.length === 0
      ? null
      : selected.length <= 2
        ? selected.map((s) => s.label).join(", ")
        : t("selectedCount", { count: selected.length })
    : (selected[0]?.label ?? null);

  return (
    <div className={cn("w-full", className)}>
      <div className="relative">
        <Popover
          open={open}
          onOpenChange={(o) => {
            setOpen(o);
            if (o) setActive(0);
            else onSearchChange("");
          }}
        >
          <PopoverTrigger
            id={id}
            type="button"
            disabled={disabled}
            aria-haspopup="listbox"
            aria-invalid={props["aria-invalid"]}
            aria-describedby={props["aria-describedby"]}
            // With an id, a <label for> names the button; an aria-label as well would hide the choice it shows from its name.
            aria-label={id ? undefined : ariaLabel}
            className={cn(
              "inline-flex h-9 w-full items-center justify-between gap-2 rounded-md border border-slate-300 bg-surface px-3 text-left text-sm shadow-xs disabled:opacity-50 aria-invalid:border-red-500",
              !props.multiple && props.clearable && props.value ? "pr-14" : "",
            )}
          >
            <span className={cn("truncate", !triggerLabel && "text-slate-500")}>
              {triggerLabel ?? placeholder}
            </span>
            <ChevronsUpDown className="h-4 w-4 shrink-0 text-slate-400" aria-hidden />
          </PopoverTrigger>
          <PopoverContent
            className="w-[var(--radix-popover-trigger-width)] max-w-[calc(100vw-1rem)] min-w-64 p-0"
            onOpenAutoFocus={(e) => {
              e.preventDefault();
              searchRef.current?.focus();
            }}
          >
            <div className="flex items-center gap-2 border-b border-slate-200 px-2.5">
              <Search className="h-3.5 w-3.5 text-slate-400" aria-hidden />
              <input
                ref={searchRef}
                role="combobox"
                aria-expanded
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={rows[active] ? `${listId}-${active}` : undefined}
                aria-label={searchPlaceholder}
                value={search}
                onChange={(e) => {
                  onSearchChange(e.target.value);
                  setActive(0);
                }}
                onKeyDown={onKeyDown}
                placeholder={searchPlaceholder}
                className="h-9 w-full bg-transparent text-sm outline-none placeholder:text-slate-400 focus-visible:outline-none"
              />
              {loading ? <span className="h-3.5 w-3.5 shrink-0 animate-spin rounded-full border-2 border-slate-300 border-t-transparent" aria-label={t("loading")} /> : null}
            </div>
            <ul id={listId} role="listbox" aria-multiselectable={props.multiple || undefined} className="max-h-64 overflow-y-auto p-1">
              {error ? (
                <li className="px-2 py-3 text-center text-xs text-red-600">{error}</li>
              ) : rows.length === 0 ? (
                <li className="px-2 py-3 text-center text-xs text-muted">{loading ? t("loading") : emptyText}</li>
              ) : (
                rows.map((o, i) => {
                  const isSelected = !o.action && (o.value ? selectedValues.includes(o.value) : selectedValues.length === 0);
                  return (
                    <li
                      key={o.value || "__none__"}
                      id={`${listId}-${i}`}
                      role="option"
                      aria-selected={isSelected}
                      data-action={o.action ? "" : undefined}
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => pick(o)}
                      className={cn(
                        "relative flex cursor-default items-start gap-2 rounded py-1.5 pr-2 pl-7 text-sm select-none",
                        i === active && "bg-slate-100",
                        !o.value && "text-muted",
                        o.action && "font-medium text-accent",
                      )}
                    >
                      {isSelected ? <Check className="absolute top-2 left-2 h-3.5 w-3.5 text-accent" aria-hidden /> : null}
                      {o.action ? <Plus className="absolute top-2 left-2 h-3.5 w-3.5" aria-hidden /> : null}
                      <span className="min-w-0">
                        <span className="block truncate">{o.label}</span>
                        {o.hint ? <span className="block truncate text-xs text-muted">{o.hint}</span> : null}
                      </span>
                    </li>
                  );
                })
              )}
            </ul>
          </PopoverContent>
        </Popover>
        {!props.multiple && props.clearable && props.value && !disabled ? (
          <button
            type="button"
            onClick={() => props.onChange(null, null)}
            className="absolute top-1/2 right-7 -translate-y-1/2 rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
            aria-label={t("clear", { label: props["aria-label"] ?? t("selection") })}
          >
            <X className="h-3.5 w-3.5" aria-hidden />
          </button>
        ) : null}
      </div>
      {props.multiple && selected.length > 0 ? (
        <ul className="mt-1.5 flex flex-wrap gap-1" aria-label={t("selected")}>
          {selected.map((s) => (
            <li key={s.value} className="inline-flex items-center gap-0.5 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs text-slate-700">
              {s.label}
              <button
                type="button"
                disabled={disabled}
                onClick={() => {
                  const next = props.value.filter((v) => v !== s.value);
                  props.onChange(next, selected.filter((o) => o.value !== s.value));
                }}
                className="rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700"
                aria-label={t("remove", { label: s.label })}
              >
                <X className="h-3 w-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
