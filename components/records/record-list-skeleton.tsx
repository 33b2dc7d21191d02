import { Skeleton } from "@/components/ui/skeleton";

/** What a records list shows while its page loads. */
export function RecordListSkeleton({ label }: { label: string }) {
  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 space-y-4 px-4 py-4 sm:px-6" aria-busy="true" aria-label={label}>
      <Skeleton className="h-6 w-32" />
      <Skeleton className="h-9 w-full max-w-xl" />
      <Skeleton className="h-96 w-full" />
    </main>
  );
}
