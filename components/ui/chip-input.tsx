"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import * as React from "react";
import { cn } from "@/lib/utils";

/**
 * A list of short strings edited as chips: type and press Enter (or comma) to add, Backspace
 * in the empty input removes the last one, each chip has its own remove button. Text left in
 * the input is added on blur so nothing typed is lost when the form is submitted.
 */
export function ChipInput({
  id,
  value,
  onChange,
  placeholder,
  suggestions,
  maxItemLength = 100,
  className,
  disabled,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  "aria-label": ariaLabel,
}: {
  id?: string;
  value: string[];
  onChange: (value: string[]) => void;
  placeholder?: string;
  suggestions?: readonly string[];
  maxItemLength?: number;
  className?: string;
  disabled?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-label"?: string;
}) {
  const t = useTranslations("common.actions");
  const [draft, setDraft] = React.useState("");
  const inputRef = React.useRef<HTMLInputElement>(null);
  const listId = React.useId();

  function commit(text: string) {
    const parts = text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length === 0) return;
    const next = [...value];
    for (const p of parts) if (!next.includes(p)) next.push(p);
    onChange(next);
    setDraft("");
  }

  function remove(index: number) {
    onChange(value.filter((_, i) => i !== index));
    inputRef.current?.focus();
  }

  return (
    <div
      className={cn(
        "flex min-h-9 w-full flex-wrap items-center gap-1 rounded-md border border-slate-300 bg-surface px-1.5 py-1 shadow-xs focus-within:border-accent",
        ariaInvalid && "border-red-500",
        disabled && "opacity-50",
        className,
      )}
      onClick={() => inputRef.current?.focus()}
    >
      {value.map((chip, i) => (
        <span key={chip} className="inline-flex max-w-full items-center gap-0.5 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs text-slate-700">
          <span className="truncate">{chip}</span>
          <button
            type="button"
            disabled={disabled}
            onClick={(e) => {
              e.stopPropagation();
              remove(i);
            }}
            className="rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700"
            aria-label={t("removeItem", { item: chip })}
          >
            <X className="h-3 w-3" aria-hidden />
          </button>
        </span>
      ))}
      <input
        ref={inputRef}
        id={id}
        value={draft}
        disabled={disabled}
        maxLength={maxItemLength}
        list={suggestions?.length ? listId : undefined}
        aria-invalid={ariaInvalid}
        aria-describedby={ariaDescribedBy}
        aria-label={ariaLabel}
        placeholder={value.length === 0 ? placeholder : undefined}
        onChange={(e) => {
          const text = e.target.value;
          if (text.includes(",")) commit(text);
          else setDraft(text);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            if (draft.trim()) {
              e.preventDefault();
              commit(draft);
            }
          } else if (e.key === "Backspace" && draft === "" && value.length > 0) {
            e.preventDefault();
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => commit(draft)}
        className="h-6 min-w-24 flex-1 bg-transparent px-1 text-sm outline-none placeholder:text-slate-500 focus-visible:outline-none"
      />
      {suggestions?.length ? (
        <datalist id={listId}>
          {suggestions.filter((s) => !value.includes(s)).map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}
