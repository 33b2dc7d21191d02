"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** The deals list's row selection (what "Export selected" writes): a row's box, the page's box and the count with Clear. */

export function SelectRowCheckbox({ name, checked, onChange }: { name: string; checked: boolean; onChange: () => void }) {
  const t = useTranslations("imports.select");
  return <input type="checkbox" aria-label={t("row", { name })} className="h-4 w-4 accent-[var(--accent)]" checked={checked} onChange={onChange} />;
}

export function SelectPageCheckbox({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const t = useTranslations("imports.select");
  return <input type="checkbox" aria-label={t("page")} className="h-4 w-4 accent-[var(--accent)]" checked={checked} onChange={(e) => onChange(e.target.checked)} />;
}

export function SelectionBar({ count, onClear }: { count: number; onClear: () => void }) {
  const t = useTranslations("imports.select");
  return (
    <p className="-mt-2 flex items-center gap-2 text-xs text-muted" aria-live="polite">
      {t("count", { count })}
      <Button variant="link" size="sm" className="h-auto" onClick={onClear}>
        {t("clear")}
      </Button>
    </p>
  );
}
