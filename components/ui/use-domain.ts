"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { type DomainNames, domainNames } from "@/lib/i18n/domain";

/**
 * The deal domain's values named in the page's language (lib/i18n/domain.ts):
 * `const names = useDomainNames(); names.stage("proposal")` → "提案"; unknown values as given.
 */
export function useDomainNames(): DomainNames {
  const t = useTranslations("domain");
  return useMemo(() => domainNames(t), [t]);
}

/** A stage's name: the default pipeline's stages translated, custom stage names as typed. */
export function useStageName(): (stage: string | null | undefined) => string {
  return useDomainNames().stage;
}
