import { BarChart3, Lock } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

/** A sales rep opened the manager view: say so kindly and point to their board. */
export function ManagersOnly() {
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center" role="status">
        <Lock className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">The pipeline view is for managers</h1>
        <p className="mt-1 text-sm text-muted">
          Totals, forecasts and the team overview are visible to workspace owners and admins. Your deals are all on the board.
        </p>
        <Button asChild className="mt-4">
          <Link href="/board">Go to the board</Link>
        </Button>
      </div>
    </main>
  );
}

/** A brand-new workspace: nothing to report yet. */
export function PipelineEmpty() {
  return (
    <div className="flex flex-1 items-center justify-center rounded-lg border border-dashed border-slate-300 bg-surface p-12">
      <div className="max-w-md text-center">
        <BarChart3 className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h2 className="mt-3 text-base font-semibold">No deals to report on yet</h2>
        <p className="mt-1 text-sm text-muted">
          Stage totals, the forecast and each owner&apos;s numbers appear here as your team adds deals to the board.
        </p>
        <Button asChild className="mt-4">
          <Link href="/board">Add the first deal</Link>
        </Button>
      </div>
    </div>
  );
}

export function PipelineSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="Loading the pipeline report">
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
