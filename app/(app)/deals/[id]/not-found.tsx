import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { PageMessage } from "@/components/ui/page-message";

export default async function DealNotFound() {
  const t = await getTranslations("deal.page");
  return (
    <PageMessage
      icon={SearchX}
      title={t("notFoundTitle")}
      body={t("notFoundBody")}
      actions={
        <>
          <Button asChild>
            <Link href="/deals">{t("allDeals")}</Link>
          </Button>
          <Button variant="secondary" asChild>
            <Link href="/board">{t("board")}</Link>
          </Button>
        </>
      }
    />
  );
}
