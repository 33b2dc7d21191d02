import { getTranslations } from "next-intl/server";
import { RecordPageSkeletonLayout, Skeleton } from "@/components/ui/skeleton";

/** The record's header: its number, name, amount line and stage stepper. */
const HEADER_LINES = ["h-4 w-48", "mt-3 h-7 w-2/3", "mt-3 h-5 w-1/2", "mt-5 h-8 w-full"];

export default async function DealLoading() {
  const t = await getTranslations("deal.page");
  return (
    <RecordPageSkeletonLayout label={t("loading")} headerLines={HEADER_LINES} fieldRows={10}>
      <Skeleton className="h-20 w-full" />
      <Skeleton className="h-28 w-full" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex gap-3">
          <Skeleton className="h-8 w-8 rounded-full" />
          <Skeleton className="h-14 flex-1" />
        </div>
      ))}
    </RecordPageSkeletonLayout>
  );
}
