"use client";

import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { type DomainNames, domainNames, pipelineName, pipelineStageName } from "@/lib/i18n/domain";
import { usePipeline } from "@/lib/queries/use-pipelines";

/**
 * The deal domain's values named in the page's language (lib/i18n/domain.ts):
 * `const names = useDomainNames(); names.stage("proposal")` → "提案"; unknown values as given.
 */
export function useDomainNames(): DomainNames {
  const t = useTranslations("domain");
  return useMemo(() => domainNames(t), [t]);
}

/**
 * A stage's name as the pipeline `pipelineId` (default: the default pipeline) calls it: the
 * default stages translated until renamed, names a manager gave as typed (lib/i18n/domain.ts).
 */
export function useStageName(pipelineId?: string | null): (stage: string | null | undefined) => string {
  const t = useTranslations("domain");
  const pipeline = usePipeline(pipelineId);
  return useCallback((stage: string | null | undefined) => pipelineStageName(t, pipeline?.stages, stage), [t, pipeline]);
}

/** A pipeline's name in the page's language (the default pipeline's name as created is translated). */
export function usePipelineName(): (pipeline: { name: string } | undefined) => string {
  const t = useTranslations("domain");
  return useCallback((pipeline: { name: string } | undefined) => pipelineName(t, pipeline), [t]);
}
