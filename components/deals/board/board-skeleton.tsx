import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/skeleton";

const CARDS_PER_COLUMN = [4, 3, 3, 2, 2, 1];

/**
 * Placeholder columns with placeholder cards, the same geometry as the real board (no layout
 * jump): six, as many as a default pipeline has, since which pipeline loads is not known yet.
 */
export function BoardColumnsSkeleton() {
  const t = useTranslations("board");
  return (
    <div className="flex h-full gap-3 overflow-hidden px-4 py-3" aria-busy="true" aria-label={t("loading")} role="status">
      {CARDS_PER_COLUMN.map((cards, i) => (
        <div key={i} className="flex h-full w-[86vw] max-w-[300px] shrink-0 flex-col rounded-xl border border-slate-200 bg-slate-100/90 sm:w-[292px]">
          <div className="px-3 pt-3 pb-2">
            <div className="flex items-center gap-2">
              <Skeleton className="h-2 w-2 rounded-full" />
              <Skeleton className="h-3.5 w-24" />
              <Skeleton className="h-4 w-6 rounded-full" />
            </div>
            <Skeleton className="mt-2 ml-4 h-3 w-32" />
          </div>
          <div className="space-y-2 px-2 pt-1">
            {Array.from({ length: cards }, (_, j) => (
              <div key={j} className="rounded-lg border border-slate-200 bg-surface px-3 py-2.5">
                <Skeleton className="h-3.5 w-4/5" />
                <Skeleton className="mt-1.5 h-3 w-1/2" />
                <div className="mt-3 flex items-center gap-2">
                  <Skeleton className="h-5 w-5 rounded-full" />
                  <Skeleton className="h-3 w-12" />
                  <Skeleton className="ml-auto h-3.5 w-20" />
                </div>
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** The whole page while the server prepares it (route loading.tsx). */
export function BoardPageSkeleton() {
  const t = useTranslations("board");
  return (
    <main className="flex h-[calc(100dvh-3rem)] flex-col">
      <div className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-surface px-4 py-2.5">
        <span className="mr-1 text-base font-semibold">{t("title")}</span>
        <Skeleton className="hidden h-8 w-60 sm:block" />
        <Skeleton className="hidden h-8 w-40 sm:block" />
        <Skeleton className="hidden h-8 w-72 lg:block" />
        <Skeleton className="ml-auto h-8 w-24" />
      </div>
      <div className="min-h-0 flex-1">
        <BoardColumnsSkeleton />
      </div>
    </main>
  );
}
