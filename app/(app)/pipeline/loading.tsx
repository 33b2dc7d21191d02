import { getTranslations } from "next-intl/server";
import { PipelineSkeleton } from "@/components/pipeline/states";

export default async function PipelineLoading() {
  const t = await getTranslations("pipeline");
  return (
    <main className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-4 p-4 sm:p-6">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("loading")}</p>
      </div>
      <PipelineSkeleton label={t("loadingLabel")} />
    </main>
  );
}
