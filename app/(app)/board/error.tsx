"use client";

import { AlertTriangle, RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** The board page failed on the server (e.g. the database was unreachable). */
export default function BoardErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("board.error");
  const retryLabel = useTranslations("common.actions")("retry");
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <main className="flex flex-1 items-start justify-center p-8">
      <div role="alert" className="mt-16 w-full max-w-sm rounded-xl border border-red-200 bg-surface p-6 text-center shadow-sm">
        <AlertTriangle className="mx-auto h-8 w-8 text-lost" aria-hidden />
        <h1 className="mt-2 text-sm font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-muted">
          {t("body")}
          {digest && <span className="mt-1 block text-xs">{t("reference", { digest })}</span>}
        </p>
        <Button variant="secondary" size="sm" className="mt-4" onClick={() => retry()}>
          <RefreshCw className="h-3.5 w-3.5" aria-hidden /> {retryLabel}
        </Button>
      </div>
    </main>
  );
}
