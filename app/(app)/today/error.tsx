"use client";

import { useTranslations } from "next-intl";
import { RouteError } from "@/components/ui/route-error";

/** Today failed on the server (e.g. the database was unreachable). */
export default function TodayErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("tasks.today");
  return <RouteError error={error} retry={retry} title={t("error")} retryLabel={t("retry")} body={(digest) => (digest ? <span className="text-xs">{digest}</span> : null)} />;
}
