"use client";

import { Check, Pencil, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useWarnBeforeLeaving } from "@/components/ui/use-warn-before-leaving";
import { valuesEqual } from "@/lib/deals/diff";
import { cn } from "@/lib/utils";

export interface EditorProps<T> {
  id: string;
  value: T;
  onChange: (value: T) => void;
  /** Save now (optionally with a value picked in the same event, e.g. a select). */
  commit: (value?: T) => void;
  cancel: () => void;
  invalid: boolean;
  describedBy?: string;
}

/**
 * One field of the record: its value as text, and a click (or Enter) to edit it in place.
 * The editor opens with focus in it (a calendar or search list opens at once where the editor
 * has one), Enter or Save stores it, Escape or Cancel leaves it unchanged. The editor stays open while
 * saving and shows the server's message if the save is refused. Leaving the page with a
 * changed, unsaved value asks first.
 */
export function InlineField<T>({
  label,
  value,
  display,
  empty,
  readOnly,
  editing,
  onEditingChange,
  validate,
  onSave,
  renderEditor,
  wide,
}: {
  label: string;
  value: T;
  display: React.ReactNode;
  empty?: boolean;
  readOnly?: boolean;
  editing: boolean;
  onEditingChange: (editing: boolean) => void;
  validate?: (value: T) => string | null;
  onSave: (value: T) => Promise<void>;
  renderEditor: (props: EditorProps<T>) => React.ReactNode;
  /** Stack label above value (long text). */
  wide?: boolean;
}) {
  const t = useTranslations("deal.inline");
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<T>(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const displayRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  const unsaved = editing && !readOnly && !valuesEqual(draft, value);
  useWarnBeforeLeaving(unsaved, () => true);

  // Leaving the editor (save, cancel, Escape) puts focus back on the field, not on the page.
  useEffect(() => {
    if (wasEditing.current && !editing && displayRef.current?.isConnected && document.activeElement === document.body) displayRef.current.focus();
    wasEditing.current = editing;
  }, [editing]);

  // Opening the editor puts focus in it: on the control the editor focused itself, else on its first one.
  useEffect(() => {
    if (!editing || readOnly) return;
    const frame = requestAnimationFrame(() => {
      const form = formRef.current;
      const active = document.activeElement;
      if (!form || (active && active !== document.body && (form.contains(active) || active.closest("[data-radix-popper-content-wrapper]")))) return;
      // A text box first (a chip list's input, not its first chip's remove button), else the first control.
      const target =
        form.querySelector<HTMLElement>("input:not([type=hidden]):not([tabindex='-1']), textarea") ??
        form.querySelector<HTMLElement>("button, [tabindex]:not([tabindex='-1'])");
      target?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [editing, readOnly]);

  function start() {
    setDraft(value);
    setError(null);
    onEditingChange(true);
  }

  async function commit(next: T = draft) {
    const problem = validate?.(next) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(next);
      onEditingChange(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : t("saveFailed"));
    } finally {
      setSaving(false);
    }
  }

  const errorId = `${id}-error`;
  const layout = wide ? "flex flex-col gap-1" : "grid grid-cols-[8.5rem_minmax(0,1fr)] items-start gap-2";

  if (editing && !readOnly) {
    return (
      <div className={cn(layout, "py-1")}>
        <dt className="pt-2 text-xs text-muted">
          <label htmlFor={id}>{label}</label>
        </dt>
        <dd className="min-w-0">
          <form
            ref={formRef}
            className="min-w-0 space-y-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              void commit();
            }}
            onKeyDown={(e) => {
              // A dropdown inside the editor (select, date picker, combobox) closes itself on Escape
              // and marks the event handled: only the innermost layer closes, the next Escape cancels.
              if (e.key === "Escape" && !e.defaultPrevented) {
                e.stopPropagation();
                onEditingChange(false);
              }
            }}
          >
            {renderEditor({
              id,
              value: draft,
              onChange: setDraft,
              commit: (v) => void commit(v === undefined ? draft : v),
              cancel: () => onEditingChange(false),
              invalid: !!error,
              describedBy: error ? errorId : undefined,
            })}
            {error ? (
              <p id={errorId} role="alert" className="text-xs text-red-600">
                {error}
              </p>
            ) : null}
            <div className="flex gap-1.5">
              <Button type="submit" size="sm" loading={saving}>
                <Check className="h-3.5 w-3.5" aria-hidden /> {t("save")}
              </Button>
              <Button type="button" size="sm" variant="ghost" onClick={() => onEditingChange(false)} disabled={saving}>
                <X className="h-3.5 w-3.5" aria-hidden /> {t("cancel")}
              </Button>
            </div>
          </form>
        </dd>
      </div>
    );
  }

  return (
    <div className={cn(layout, "group py-1")}>
      <dt className={cn("text-xs text-muted", !wide && "pt-1.5")}>{label}</dt>
      <dd className="min-w-0">
        {readOnly ? (
          <div className={cn("min-h-7 px-1.5 py-1 text-sm break-words", empty && "text-slate-500")}>{display}</div>
        ) : (
          <button
            ref={displayRef}
            type="button"
            onClick={start}
            className={cn(
              "relative flex min-h-7 w-full items-start rounded px-1.5 py-1 pr-6 text-left text-sm break-words hover:bg-slate-100",
              empty && "text-slate-500",
            )}
          >
            {/* The name says what the button does and still contains the text it shows. */}
            <span className="sr-only">{t("edit", { field: label })}: </span>
            <span className="min-w-0 flex-1">{display}</span>
            <Pencil className="absolute top-1.5 right-1.5 h-3.5 w-3.5 text-slate-400 opacity-0 group-hover:opacity-100" aria-hidden />
          </button>
        )}
      </dd>
    </div>
  );
}
