"use client";

import { useTranslations } from "next-intl";
import { RecordConflictNotice } from "@/components/records/record-conflict-notice";
import { useLocale } from "@/components/ui/use-locale";
import type { ConflictSummary } from "@/lib/deals/diff";
import type { Deal } from "@/lib/deals/schema";
import { fieldLabel, type Translate } from "@/lib/deals/fields";
import { formatFieldValue, type NameLookup } from "@/lib/deals/timeline-format";

/**
 * A deal's 409 `version_conflict`, explained field by field (RecordConflictNotice): the deal's
 * field names and values as its timeline writes them (money in the deal's currency, names of
 * members, companies and contacts).
 */
export function ConflictNotice({
  summary,
  theirs,
  names,
  pending,
  onReload,
  onReapply,
}: {
  summary: ConflictSummary;
  theirs: Deal;
  names?: NameLookup;
  pending?: boolean;
  onReload: () => void;
  onReapply: () => void;
}) {
  const locale = useLocale();
  const t = useTranslations("deal.conflict");
  const tr = useTranslations() as unknown as Translate;
  const ctx = { locale, t: tr, currency: theirs.currency, names };
  const who = (theirs.updated_by && names?.member?.(theirs.updated_by)) || t("someone");
  return (
    <RecordConflictNotice
      title={t("title", { who })}
      summary={summary}
      label={(field) => fieldLabel(field, tr)}
      format={(field, value) => formatFieldValue(field, value, ctx)}
      pending={pending}
      onReload={onReload}
      onReapply={onReapply}
    />
  );
}
