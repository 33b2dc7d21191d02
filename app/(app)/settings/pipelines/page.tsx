import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PipelineSettings } from "@/components/pipeline-settings/pipeline-settings";
import { requireCaller } from "@/lib/current-caller";
import { canInWorkspace } from "@/lib/permissions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pipelineSettings");
  return { title: t("metaTitle") };
}

/**
 * The workspace's pipelines and their stages: managers create, rename, reorder, make default and
 * delete; reps see how the pipelines are set up. The (app) layout has already put the pipelines
 * into the page's query cache.
 */
export default async function PipelinesSettingsPage() {
  const [caller, t] = await Promise.all([requireCaller("/settings/pipelines"), getTranslations("pipelineSettings")]);
  const canManage = canInWorkspace(caller, "manage_pipelines");
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("intro")}</p>
        {canManage ? null : <p className="mt-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">{t("managersOnly")}</p>}
      </div>
      <PipelineSettings canManage={canManage} />
    </>
  );
}
