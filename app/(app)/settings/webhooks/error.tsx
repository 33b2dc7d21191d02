"use client";

import { useTranslations } from "next-intl";
import { RouteError } from "@/components/ui/route-error";

/** The webhooks page failed on the server (e.g. the database was unreachable). */
export default function WebhooksErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("webhooks.error");
  const retryLabel = useTranslations("common.actions")("retry");
  return (
    <RouteError
      error={error}
      retry={retry}
      title={t("title")}
      retryLabel={retryLabel}
      body={(digest) => (
        <>
          {t("body")}
          {digest && <span className="mt-1 block text-xs">{t("reference", { digest })}</span>}
        </>
      )}
    />
  );
}
