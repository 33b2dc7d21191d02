import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { RecordPageSkeletonLayout, Skeleton } from "@/components/ui/skeleton";
import type { RecordNamespace } from "./record-list";

/** The record's header: its name and its subtitle line. */
const HEADER_LINES = ["h-7 w-2/3", "mt-3 h-5 w-1/2"];

/** A record page while it loads: the header, the fields and the side column as shapes. */
export async function RecordPageSkeleton({ ns }: { ns: RecordNamespace }) {
  const t = await getTranslations(ns);
  return (
    <RecordPageSkeletonLayout label={t("list.loading")} headerLines={HEADER_LINES} fieldRows={7}>
      <Skeleton className="h-28 w-full" />
      <Skeleton className="h-40 w-full" />
    </RecordPageSkeletonLayout>
  );
}

/** A record that is not there (never was, deleted for good, or another workspace's). */
export async function RecordNotFound({ ns, href }: { ns: RecordNamespace; href: string }) {
  const t = await getTranslations(ns);
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center">
        <SearchX className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("notFound.title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("notFound.body")}</p>
        <Button asChild className="mt-4">
          <Link href={href}>{t("notFound.back")}</Link>
        </Button>
      </div>
    </main>
  );
}
