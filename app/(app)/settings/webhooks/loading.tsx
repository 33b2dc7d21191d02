import { Skeleton } from "@/components/ui/skeleton";

/** While the endpoints load: the heading, the add button and the list's outlines. */
export default function Loading() {
  return (
    <div className="space-y-6" aria-busy="true">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="ml-auto h-9 w-36" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
