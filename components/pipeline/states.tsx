import { BarChart3, Lock } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

/** A sales rep opened the manager view: say so kindly and point to their board. */
export async function ManagersOnly() {
  const t = await getTranslations("pipeline.managersOnly");
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center" role="status">
        <Lock className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("body")}</p>
        <Button asChild className="mt-4">
          <Link href="/board">{t("action")}</Link>
        </Button>
      </div>
    </main>
  );
}

/** A brand-new workspace: nothing to report yet. */
export async function PipelineEmpty() {
  const t = await getTranslations("pipeline.empty");
  return (
    <div className="flex flex-1 items-center justify-center rounded-lg border border-dashed border-slate-300 bg-surface p-6 sm:p-12">
      <div className="max-w-md text-center">
        <BarChart3 className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h2 className="mt-3 text-base font-semibold">{t("title")}</h2>
        <p className="mt-1 text-sm text-muted">{t("body")}</p>
        <Button asChild className="mt-4">
          <Link href="/board">{t("action")}</Link>
        </Button>
      </div>
    </div>
  );
}

export function PipelineSkeleton({ label }: { label: string }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label={label}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="rounded-lg border border-slate-200 bg-surface p-4">
            <Skeleton className="h-3 w-24" />
            <Skeleton className="mt-3 h-6 w-32" />
            <Skeleton className="mt-2 h-3 w-20" />
          </div>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-5">
        <Skeleton className="h-80 lg:col-span-3" />
        <Skeleton className="h-80 lg:col-span-2" />
      </div>
      <Skeleton className="h-48" />
      <Skeleton className="h-64" />
    </div>
  );
}
