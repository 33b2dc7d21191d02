"use client";

import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** Saves `blob` as `fileName` through a temporary link (what the browser's download event sees). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileNameOf(res: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "");
  return match?.[1] ?? fallback;
}

/**
 * "Export CSV" for a list: the list endpoint with the list's current filters and sort, asked for
 * `text/csv`, which streams every matching record (not only the page on screen). With `selected`
 * (rows the person ticked), `onExportSelected` builds the file from those rows instead.
 */
export function ExportButton({
  path,
  query,
  fallbackName,
  selected = 0,
  onExportSelected,
  className,
}: {
  path: string;
  query: Record<string, string>;
  fallbackName: string;
  selected?: number;
  onExportSelected?: () => void;
  className?: string;
}) {
  const t = useTranslations("imports.export");
  const [busy, setBusy] = useState(false);

  async function exportAll() {
    setBusy(true);
    try {
      const params = new URLSearchParams(query);
      params.delete("limit");
      params.delete("offset");
      const res = await fetch(`${path}?${params}`, { headers: { accept: "text/csv" } });
      if (!res.ok) {
        const problem = (await res.json().catch(() => ({}))) as { detail?: string };
        throw new Error(problem.detail ?? res.statusText);
      }
      const name = fileNameOf(res, fallbackName);
      saveFile(await res.blob(), name);
      toast.success(t("done", { file: name }));
    } catch (error) {
      toast.error(t("failed"), { description: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button
      variant="secondary"
      className={cn("h-10 sm:h-9", className)}
      loading={busy}
      onClick={() => (selected > 0 && onExportSelected ? onExportSelected() : void exportAll())}
    >
      {busy ? null : <Download className="h-3.5 w-3.5" aria-hidden />}
      {busy ? t("working") : selected > 0 ? t("selected", { count: selected }) : t("button")}
    </Button>
  );
}
