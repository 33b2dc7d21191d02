"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { RouteError } from "@/components/ui/route-error";

/** The deal record failed on the server: try again, or go back to the list. */
export default function DealError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("deal.page");
  return (
    <RouteError
      error={error}
      retry={retry}
      title={t("errorTitle")}
      retryLabel={t("tryAgain")}
      body={(code) =>
        code ? (
          <>
            {t("errorBody")} <code className="mx-1 rounded bg-slate-100 px-1 text-xs">{code}</code>
          </>
        ) : (
          t("errorBodyNoCode")
        )
      }
      actions={
        <Button variant="secondary" asChild>
          <Link href="/deals">{t("allDeals")}</Link>
        </Button>
      }
    />
  );
}
