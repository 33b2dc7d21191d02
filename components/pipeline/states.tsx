import { BarChart3, Lock } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { PageMessage } from "@/components/ui/page-message";
import { Skeleton, SkeletonCard } from "@/components/ui/skeleton";

/** A sales rep opened the manager view: say so kindly and point to their board. */
export async function ManagersOnly() {
  const t = await getTranslations("pipeline.managersOnly");
  return <PipelineMessage icon={Lock} role="status" title={t("title")} body={t("body")} action={t("action")} />;
}

/** A brand-new workspace: nothing to report yet. */
export async function PipelineEmpty() {
  const t = await getTranslations("pipeline.empty");
  return <PipelineMessage icon={BarChart3} panel title={t("title")} body={t("body")} action={t("action")} />;
}

/** Both of the view's messages lead to the board, where deals are added and worked. */
function PipelineMessage({ action, ...message }: Omit<React.ComponentProps<typeof PageMessage>, "actions"> & { action: string }) {
  return (
    <PageMessage
      {...message}
      actions={
        <Button asChild>
          <Link href="/board">{action}</Link>
        </Button>
      }
    />
  );
}

/** A KPI card: its label, the figure, the comparison under it. */
const KPI_LINES = ["h-3 w-24", "mt-3 h-6 w-32", "mt-2 h-3 w-20"];

export function PipelineSkeleton({ label }: { label: string }) {
  return (
    <div className="space-y-4" aria-busy="true" aria-label={label}>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <SkeletonCard key={i} lines={KPI_LINES} />
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
