import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pipelineName } from "@/lib/i18n/domain";
import type { Pipeline } from "@/lib/pipelines/model";
import { cn } from "@/lib/utils";

/**
 * Which pipelines the manager view covers: all of them together, or one. Links (the choice lives
 * in the URL, so a view can be shared); shown only when the workspace has more than one pipeline.
 */
export async function PipelineTabs({ pipelines, chosen }: { pipelines: Pipeline[]; chosen: string | null }) {
  if (pipelines.length < 2) return null;
  const [t, domain] = await Promise.all([getTranslations("pipeline"), getTranslations("domain")]);
  const tabs = [{ id: null, label: t("allPipelines") }, ...pipelines.map((p) => ({ id: p.id, label: pipelineName(domain, p) }))];
  return (
    <nav aria-label={t("pipelinesLabel")} className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1">
      {tabs.map((tab) => {
        const current = tab.id === chosen;
        return (
          <Link
            key={tab.id ?? "all"}
            href={tab.id ? `/pipeline?pipeline=${tab.id}` : "/pipeline"}
            aria-current={current ? "page" : undefined}
            className={cn(
              "shrink-0 rounded-full px-3 py-1.5 text-sm whitespace-nowrap ring-1 ring-inset transition-colors",
              current ? "bg-accent text-white ring-accent" : "bg-surface text-slate-700 ring-slate-200 hover:bg-slate-50",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
