"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { PAGE_SIZES, type PageSize } from "@/lib/deals/list-state";

export function Pagination({
  page,
  size,
  total,
  onPage,
  onSize,
}: {
  page: number;
  size: PageSize;
  total: number;
  onPage: (page: number) => void;
  onSize: (size: PageSize) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(page * size, total);
  const t = useTranslations("deals.pagination");
  const fmt = new Intl.NumberFormat(useLocale());
  return (
    <nav aria-label={t("label")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="tabular text-muted" aria-live="polite">
        {total === 0 ? t("none") : t("range", { from: fmt.format(first), to: fmt.format(last), total: fmt.format(total) })}
      </p>
      <div className="flex items-center gap-3">
        <div className="flex items-center gap-2">
          <label htmlFor="page-size" className="text-xs text-muted">
            {t("rowsPerPage")}
          </label>
          <Select id="page-size" value={String(size)} onValueChange={(v) => onSize(Number(v) as PageSize)} options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))} className="h-8 w-20" />
        </div>
        <span className="tabular text-xs text-muted">{t("page", { page: fmt.format(page), pages: fmt.format(pages) })}</span>
        <div className="flex gap-1">
          <Button variant="secondary" size="icon" onClick={() => onPage(page - 1)} disabled={page <= 1} aria-label={t("previous")}>
            <ChevronLeft className="h-4 w-4" aria-hidden />
          </Button>
          <Button variant="secondary" size="icon" onClick={() => onPage(page + 1)} disabled={page >= pages} aria-label={t("next")}>
            <ChevronRight className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      </div>
    </nav>
  );
}
