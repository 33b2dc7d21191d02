"use client";

import { CalendarDays, X } from "lucide-react";
import { useTranslations } from "next-intl";
import * as React from "react";
import { DayPicker } from "react-day-picker";
import { enUS } from "react-day-picker/locale/en-US";
import { ja } from "react-day-picker/locale/ja";
import "react-day-picker/style.css";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate } from "@/lib/format";
import { cn } from "@/lib/utils";

/** Month and year as dropdowns: quick to jump years for a close date. */
const CAPTION_LAYOUT = "dropdown";

/** `YYYY-MM-DD` ⇄ a local Date at midnight (the calendar works in local days). */
function parseIsoDate(value: string | null | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d);
}

function toIsoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/**
 * A date field: a button showing the date in the user's locale that opens a calendar (month
 * names, weekdays and labels in the page's language). The value is a `YYYY-MM-DD` string or null,
 * exactly what the API takes. `defaultOpen` opens the calendar at once, with focus on the day
 * (an in-place editor: one click to open it, one to pick the day).
 */
export function DatePicker({
  id,
  value,
  onChange,
  placeholder,
  defaultOpen = false,
  className,
  disabled,
  clearable = true,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  "aria-label": ariaLabel,
}: {
  id?: string;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  clearable?: boolean;
  defaultOpen?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-label"?: string;
}) {
  const t = useTranslations("form.controls");
  const [open, setOpen] = React.useState(defaultOpen);
  const locale = useLocale();
  const selected = parseIsoDate(value);
  return (
    <div className={cn("relative flex items-center", className)}>
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger
          id={id}
          type="button"
          disabled={disabled}
          aria-invalid={ariaInvalid}
          aria-describedby={ariaDescribedBy}
          // With an id, a <label for> names the button; an aria-label as well would hide the date it shows from its name.
          aria-label={id ? undefined : ariaLabel}
          className={cn(
            "inline-flex h-9 w-full items-center gap-2 rounded-md border border-slate-300 bg-surface px-3 text-left text-sm shadow-xs disabled:opacity-50 aria-invalid:border-red-500",
            clearable && value ? "pr-8" : "",
          )}
        >
          <CalendarDays className="h-4 w-4 shrink-0 text-slate-400" aria-hidden />
          <span className={cn("truncate", !value && "text-slate-500")}>
            {value ? formatDate(value, locale) : (placeholder ?? t("pickDate"))}
          </span>
        </PopoverTrigger>
        <PopoverContent className="p-1">
          <DayPicker
            mode="single"
            locale={locale.startsWith("ja") ? ja : enUS}
            selected={selected}
            defaultMonth={selected}
            autoFocus
            captionLayout={CAPTION_LAYOUT}
            startMonth={new Date(2000, 0)}
            endMonth={new Date(2040, 11)}
            onSelect={(date) => {
              onChange(date ? toIsoDate(date) : null);
              setOpen(false);
            }}
            style={
              {
                "--rdp-accent-color": "var(--accent)",
                "--rdp-accent-background-color": "var(--accent-soft)",
                "--rdp-day-height": "34px",
                "--rdp-day-width": "34px",
                "--rdp-day_button-height": "32px",
                "--rdp-day_button-width": "32px",
                "--rdp-nav-height": "2.25rem",
                "--rdp-nav_button-height": "1.75rem",
                "--rdp-nav_button-width": "1.75rem",
                fontSize: "13px",
                margin: 4,
              } as React.CSSProperties
            }
          />
        </PopoverContent>
      </Popover>
      {clearable && value && !disabled ? (
        <button
          type="button"
          onClick={() => onChange(null)}
          className="absolute right-1.5 rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
          aria-label={t("clear", { label: ariaLabel ?? t("date") })}
        >
          <X className="h-3.5 w-3.5" aria-hidden />
        </button>
      ) : null}
    </div>
  );
}
