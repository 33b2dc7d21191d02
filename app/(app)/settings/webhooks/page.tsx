import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WebhookManager } from "@/components/webhooks/webhook-manager";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { canInWorkspace } from "@/lib/permissions";
import { listWebhooks } from "@/lib/webhooks/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("webhooks");
  return { title: t("metaTitle") };
}

export default async function WebhooksPage() {
  const caller = await requireCaller("/settings/webhooks");
  const t = await getTranslations("webhooks");
  const manages = canInWorkspace(caller, "manage_webhooks");
  const webhooks = manages ? await listWebhooks(getDb(), caller) : [];
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("intro")}</p>
      </div>
      {manages ? <WebhookManager webhooks={webhooks} /> : <p className="rounded-lg border border-slate-200 bg-surface p-4 text-sm text-muted">{t("managersOnly")}</p>}
    </>
  );
}
