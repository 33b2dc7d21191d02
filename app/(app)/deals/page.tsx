import type { Metadata } from "next";
import { Suspense } from "react";
import { DealsTable } from "@/components/deals/list/deals-table";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Deals" };

export default function DealsPage() {
  return (
    <Suspense
      fallback={
        <main className="mx-auto w-full max-w-[1400px] flex-1 space-y-4 px-4 py-4 sm:px-6" aria-busy="true" aria-label="Loading deals">
          <Skeleton className="h-6 w-32" />
          <Skeleton className="h-9 w-full max-w-xl" />
          <Skeleton className="h-96 w-full" />
        </main>
      }
    >
      <DealsTable />
    </Suspense>
  );
}
