import { getTranslations } from "next-intl/server";
import { Skeleton, SkeletonCard } from "@/components/ui/skeleton";

/** The record's header: its number, name, amount line and stage stepper. */
const HEADER_LINES = ["h-4 w-48", "mt-3 h-7 w-2/3", "mt-3 h-5 w-1/2", "mt-5 h-8 w-full"];

export default async function DealLoading() {
  const t = await getTranslations("deal.page");
  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6" aria-busy="true" aria-label={t("loading")}>
      <Skeleton className="mb-3 h-4 w-40" />
      <SkeletonCard className="p-5" lines={HEADER_LINES} />
      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)]">
        <div className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="grid grid-cols-[8.5rem_1fr] gap-2">
              <Skeleton className="h-4 w-20" />
              <Skeleton className="h-4 w-full" />
            </div>
          ))}
        </div>
        <div className="space-y-4">
          <Skeleton className="h-20 w-full" />
          <Skeleton className="h-28 w-full" />
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex gap-3">
              <Skeleton className="h-8 w-8 rounded-full" />
              <Skeleton className="h-14 flex-1" />
            </div>
          ))}
        </div>
      </div>
    </main>
  );
}
