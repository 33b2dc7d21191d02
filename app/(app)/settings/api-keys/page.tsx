import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeyManager } from "@/components/settings/api-key-manager";
import { listApiKeys } from "@/lib/api-keys/service";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { canInWorkspace } from "@/lib/permissions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.apiKeys");
  return { title: t("metaTitle") };
}

export default async function ApiKeysPage() {
  const caller = await requireCaller("/settings/api-keys");
  const t = await getTranslations("settings.apiKeys");
  const manages = canInWorkspace(caller, "manage_api_keys");
  const keys = manages ? await listApiKeys(getDb(), caller) : [];
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("intro")}</p>
      </div>
      {manages ? <ApiKeyManager keys={keys} /> : <p className="rounded-lg border border-slate-200 bg-surface p-4 text-sm text-muted">{t("managersOnly")}</p>}
    </>
  );
}
