import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default async function DealNotFound() {
  const t = await getTranslations("deal.page");
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center">
        <SearchX className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("notFoundTitle")}</h1>
        <p className="mt-1 text-sm text-muted">{t("notFoundBody")}</p>
        <div className="mt-4 flex justify-center gap-2">
          <Button asChild>
            <Link href="/deals">{t("allDeals")}</Link>
          </Button>
          <Button variant="secondary" asChild>
            <Link href="/board">{t("board")}</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
