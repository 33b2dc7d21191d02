import { SearchX } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { RecordNamespace } from "./record-list";

/** A record page while it loads: the header, the fields and the side column as shapes. */
export async function RecordPageSkeleton({ ns }: { ns: RecordNamespace }) {
  const t = await getTranslations(ns);
  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6" aria-busy="true" aria-label={t("list.loading")}>
      <Skeleton className="mb-3 h-4 w-40" />
      <div className="rounded-lg border border-slate-200 bg-surface p-5">
        <Skeleton className="h-7 w-2/3" />
        <Skeleton className="mt-3 h-5 w-1/2" />
      </div>
      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)]">
        <div className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
          {Array.from({ length: 7 }, (_, i) => (
            <div key={i} className="grid grid-cols-[8.5rem_1fr] gap-2">
              <Skeleton className="h-4 w-20" />
              <Skeleton className="h-4 w-full" />
            </div>
          ))}
        </div>
        <div className="space-y-4">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-40 w-full" />
        </div>
      </div>
    </main>
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
