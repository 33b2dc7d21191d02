import { Skeleton } from "@/components/ui/skeleton";

/** While the keys load: the heading, the form and the list's outlines. */
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
