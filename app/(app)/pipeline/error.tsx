"use client";

import { AlertTriangle } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** The report failed (e.g. the database is briefly unavailable): say so and offer a retry. */
export default function PipelineError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("pipeline.error");
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  // The report is rendered on the server: refetch it, then re-render the segment.
  const retry = () =>
    startRetry(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center" role="alert">
        <AlertTriangle className="mx-auto h-10 w-10 text-lost" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-muted">{error.digest ? t("bodyWithReference", { reference: error.digest }) : t("body")}</p>
        <Button className="mt-4" onClick={retry} loading={retrying}>
          {t("retry")}
        </Button>
      </div>
    </main>
  );
}
