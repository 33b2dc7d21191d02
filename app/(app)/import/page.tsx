import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ImportWizard } from "@/components/imports/import-wizard";
import { requireCaller } from "@/lib/current-caller";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("imports");
  return { title: t("title") };
}

/** CSV import: everyone who may create deals, companies and contacts may import them (lib/permissions.ts); managers see every import of the workspace, reps their own. */
export default async function ImportPage() {
  await requireCaller("/import");
  const t = await getTranslations("imports");
  return (
    <main className="mx-auto flex w-full max-w-[1100px] flex-1 flex-col gap-4 px-4 py-4 sm:px-6">
      <div>
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="text-xs text-muted">{t("subtitle")}</p>
      </div>
      <Suspense>
        <ImportWizard />
      </Suspense>
    </main>
  );
}
