"use client";

import { useTranslations } from "next-intl";
import { RouteError } from "@/components/ui/route-error";

/** The report failed (e.g. the database is briefly unavailable): say so and offer a retry. */
export default function PipelineError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("pipeline.error");
  return (
    <RouteError
      error={error}
      retry={retry}
      title={t("title")}
      retryLabel={t("retry")}
      body={(reference) => (reference ? t("bodyWithReference", { reference }) : t("body"))}
    />
  );
}
