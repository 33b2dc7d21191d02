"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function DealError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("deal.page");
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div role="alert" className="max-w-md text-center">
        <AlertTriangle className="mx-auto h-10 w-10 text-amber-500" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("errorTitle")}</h1>
        <p className="mt-1 text-sm text-muted">
          {error.digest ? (
            <>
              {t("errorBody")} <code className="mx-1 rounded bg-slate-100 px-1 text-xs">{error.digest}</code>
            </>
          ) : (
            t("errorBodyNoCode")
          )}
        </p>
        <div className="mt-4 flex justify-center gap-2">
          <Button onClick={reset}>{t("tryAgain")}</Button>
          <Button variant="secondary" asChild>
            <Link href="/deals">{t("allDeals")}</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
