import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/format";
import { intlLocale } from "./intl";

export async function PipelineHeader({ tenantName, asOf }: { tenantName: string; asOf?: string }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline"), intlLocale()]);
  return (
    <div className="flex flex-wrap items-end justify-between gap-2">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm break-words text-muted">
          {asOf ? t("header.subtitleAsOf", { workspace: tenantName, date: formatDate(asOf, locale) }) : t("header.subtitle", { workspace: tenantName })}
        </p>
      </div>
    </div>
  );
}
