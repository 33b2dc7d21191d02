/**
 * Names of the deal domain's values in the page's language, from the `domain` catalog
 * (messages/domain/*.json): stages, loss and forecast categories, activity types, deal types and
 * sources, roles. A value the catalog does not know (a custom stage someone named, a source typed
 * as free text, a value a newer server sends) reads exactly as given: names people typed are never
 * translated.
 *
 * Works with any next-intl translator of the `domain` namespace: `useTranslations("domain")` in
 * client components (components/ui/use-domain.ts), `await getTranslations("domain")` on the server.
 */
import { DEFAULT_PIPELINE_NAME, DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";

export interface DomainTranslator {
  (key: string): string;
  has(key: string): boolean;
}

/** The catalog groups, by the registry's name for them. */
export const DOMAIN_GROUPS = {
  stage: "stages",
  lossCategory: "lossCategories",
  forecastCategory: "forecastCategories",
  activityType: "activityTypes",
  dealType: "dealTypes",
  dealSource: "dealSources",
  recordSource: "recordSources",
  role: "roles",
} as const;

export type DomainGroup = keyof typeof DOMAIN_GROUPS;

/** `domainName(t, "stage", "closed_won")` → "受注"; `domainName(t, "stage", "Pilot")` → "Pilot". */
export function domainName(t: DomainTranslator, group: DomainGroup, value: string | null | undefined): string {
  if (!value) return "";
  // Dots would reach into nested keys; such a value cannot be one of ours.
  if (value.includes(".")) return value;
  const key = `${DOMAIN_GROUPS[group]}.${value}`;
  return t.has(key) ? t(key) : value;
}

export const stageName = (t: DomainTranslator, stage: string | null | undefined): string => domainName(t, "stage", stage);

/**
 * A stage's name as its pipeline calls it. A stage that still has the default pipeline's name for
 * its id ("Proposal" for `proposal`) reads in the page's language; a name a manager gave reads as
 * typed; a stage the pipeline no longer has reads by its id's catalog name, or as the id.
 */
export function pipelineStageName(t: DomainTranslator, stages: readonly { id: string; name: string }[] | undefined, id: string | null | undefined): string {
  if (!id) return "";
  const stage = stages?.find((s) => s.id === id);
  if (!stage) return domainName(t, "stage", id);
  const builtIn = DEFAULT_PIPELINE_STAGES.find((s) => s.id === id);
  return builtIn && builtIn.name === stage.name ? domainName(t, "stage", id) : stage.name;
}

/** A pipeline's name: the default pipeline's name as created reads in the page's language, any other as typed. */
export function pipelineName(t: DomainTranslator, pipeline: { name: string } | undefined): string {
  if (!pipeline) return "";
  return pipeline.name === DEFAULT_PIPELINE_NAME ? t("pipelines.default") : pipeline.name;
}

/** Every group's name function, bound to one translator. */
export function domainNames(t: DomainTranslator) {
  const bind = (group: DomainGroup) => (value: string | null | undefined) => domainName(t, group, value);
  return {
    stage: bind("stage"),
    lossCategory: bind("lossCategory"),
    forecastCategory: bind("forecastCategory"),
    activityType: bind("activityType"),
    dealType: bind("dealType"),
    dealSource: bind("dealSource"),
    recordSource: bind("recordSource"),
    role: bind("role"),
  };
}

export type DomainNames = ReturnType<typeof domainNames>;
