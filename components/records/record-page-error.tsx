"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { RecordNamespace } from "./record-list";

/** A record page that failed on the server: what happened, its reference, and the ways on. */
export function RecordPageError({ ns, href, digest, reset }: { ns: RecordNamespace; href: string; digest?: string; reset: () => void }) {
  const t = useTranslations(ns);
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div role="alert" className="max-w-md text-center">
        <AlertTriangle className="mx-auto h-10 w-10 text-amber-500" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("error.title")}</h1>
        <p className="mt-1 text-sm text-muted">
          {t("error.body")}
          {digest ? <code className="mx-1 rounded bg-slate-100 px-1 text-xs">{digest}</code> : null}
        </p>
        <div className="mt-4 flex justify-center gap-2">
          <Button onClick={reset}>{t("error.tryAgain")}</Button>
          <Button variant="secondary" asChild>
            <Link href={href}>{t("error.back")}</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
