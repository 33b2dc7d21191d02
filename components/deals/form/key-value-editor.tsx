"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

interface Row {
  id: number;
  key: string;
  text: string;
  /** The stored value, kept as-is (number, boolean, null) while its text is untouched. */
  original?: unknown;
}

const asText = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/**
 * Custom fields as editable name/value rows. Values stay strings unless a row was loaded with a
 * number, boolean or null and not edited: those keep their type, so opening and saving a deal
 * never rewrites its data.
 */
export function KeyValueEditor({
  id,
  value,
  onChange,
  "aria-describedby": describedBy,
}: {
  id?: string;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  "aria-describedby"?: string;
}) {
  const t = useTranslations("form.keyValue");
  const [rows, setRows] = useState<Row[]>(() => Object.entries(value ?? {}).map(([key, v], i) => ({ id: i, key, text: asText(v), original: v })));
  const nextId = useRef(rows.length);

  function emit(next: Row[]) {
    setRows(next);
    const out: Record<string, unknown> = {};
    for (const r of next) {
      const key = r.key.trim();
      if (!key) continue;
      out[key] = r.original !== undefined && asText(r.original) === r.text ? r.original : r.text;
    }
    onChange(out);
  }

  const keys = rows.map((r) => r.key.trim()).filter(Boolean);
  const duplicates = new Set(keys.filter((k, i) => keys.indexOf(k) !== i));

  return (
    <div id={id} className="space-y-1.5" role="group" aria-label={t("label")} aria-describedby={describedBy}>
      {rows.length === 0 ? <p className="text-xs text-muted">{t("empty")}</p> : null}
      {rows.map((row, index) => (
        <div key={row.id} className="flex items-start gap-1.5">
          <Input
            aria-label={t("name", { index: index + 1 })}
            placeholder={t("namePlaceholder")}
            value={row.key}
            maxLength={64}
            aria-invalid={duplicates.has(row.key.trim()) || undefined}
            onChange={(e) => emit(rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r)))}
            className="w-2/5"
          />
          <Input
            aria-label={t("value", { index: index + 1 })}
            placeholder={t("valuePlaceholder")}
            value={row.text}
            maxLength={2000}
            onChange={(e) => emit(rows.map((r) => (r.id === row.id ? { ...r, text: e.target.value } : r)))}
            className="flex-1"
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="mt-0.5 text-slate-400 hover:text-red-600"
            aria-label={t("remove", { name: row.key || index + 1 })}
            onClick={() => emit(rows.filter((r) => r.id !== row.id))}
          >
            <Trash2 className="h-3.5 w-3.5" aria-hidden />
          </Button>
        </div>
      ))}
      {duplicates.size > 0 ? <p className="text-xs text-amber-700">{t("duplicates", { names: [...duplicates].join(", ") })}</p> : null}
      <Button type="button" variant="ghost" size="sm" onClick={() => setRows([...rows, { id: nextId.current++, key: "", text: "" }])}>
        <Plus className="h-3.5 w-3.5" aria-hidden /> {t("add")}
      </Button>
    </div>
  );
}
