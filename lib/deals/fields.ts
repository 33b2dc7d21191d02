import { DEFAULT_PIPELINE_STAGES, LOST_STAGE, WON_STAGE } from "@/lib/pipelines/model";
import { DEAL_SOURCE_SUGGESTIONS, DEAL_TYPE_SUGGESTIONS, FORECAST_CATEGORIES, LOSS_CATEGORIES, type Stage } from "./stages";

/**
 * What each deal field is, in one place: its label (today's English, and the key a message
 * catalog will translate it by), its kind, which decides how it is edited and shown, the options
 * of a choice, and the stages it belongs to. The form, the record page, the conflict notice and
 * the timeline read it; the API's rules (required, limits) stay in schema.ts.
 */

export type DealFieldKind =
  /** One line of text. */
  | "text"
  /** Several lines of text. */
  | "long_text"
  /** An amount in the deal's currency. */
  | "money"
  | "currency"
  /** A whole percentage. */
  | "percent"
  | "stage"
  /** One of the workspace's pipelines. */
  | "pipeline"
  /** One of fixed options (the API refuses others). */
  | "choice"
  /** Free text with suggested values. */
  | "suggestion"
  /** A YYYY-MM-DD day, or a timestamp shown as its day. */
  | "date"
  | "member"
  | "company"
  | "contact"
  | "contacts"
  /** Short strings (tags, competitors, references to other systems). */
  | "list"
  /** Custom fields: names and values. */
  | "key_value";

export interface FieldOption {
  value: string;
  /** English, for code without a catalog (tests, logs). */
  label: string;
  /** The option's label in the message catalogs (e.g. `domain.lossCategories.price`). */
  labelKey: string;
}

/**
 * A message lookup by full key, as next-intl's `useTranslations()` (no namespace) or
 * `getTranslations()` gives it: labels are translated where the registry is read, so this module
 * stays free of React and of any one language.
 */
export interface Translate {
  (key: string, values?: Record<string, string | number | Date>): string;
  has?: (key: string) => boolean;
}

export interface DealFieldDef {
  label: string;
  /** The field's label in a message catalog: `deal.fields.<field>`. */
  labelKey: string;
  kind: DealFieldKind;
  /** For choices and suggestions, in the order they are offered. */
  options?: readonly FieldOption[];
  /** Shown only for deals in these stages (e.g. why a deal was lost). */
  stages?: readonly Stage[];
}

/** Abbreviations that read in capitals ("rfp" → "RFP"). */
const ACRONYMS = new Set(["rfp", "rfi", "rfq", "api", "crm", "poc", "sms", "seo", "b2b", "b2c"]);

/** `new_business` → "New business", `rfp` → "RFP". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, " ").trim().split(/\s+/).map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w));
  const spaced = words.join(" ");
  return spaced ? spaced[0].toUpperCase() + spaced.slice(1) : value;
}

/** Options whose labels live in the catalogs under `keyPrefix` (`domain.lossCategories` → `domain.lossCategories.price`). */
const options = (keyPrefix: string, items: readonly { id: string; label: string }[]): FieldOption[] =>
  items.map((item) => ({ value: item.id, label: item.label, labelKey: `${keyPrefix}.${item.id}` }));
const suggestions = (keyPrefix: string, values: readonly string[]) => options(keyPrefix, values.map((id) => ({ id, label: humanize(id) })));

const CLOSED_STAGES = [WON_STAGE, LOST_STAGE];

function def(field: string, label: string, kind: DealFieldKind, extra: Pick<DealFieldDef, "options" | "stages"> = {}): DealFieldDef {
  return { label, labelKey: `deal.fields.${field}`, kind, ...extra };
}

export const DEAL_FIELDS = {
  name: def("name", "Name", "text"),
  amount: def("amount", "Amount", "money"),
  currency: def("currency", "Currency", "currency"),
  stage: def("stage", "Stage", "stage", { options: options("domain.stages", DEFAULT_PIPELINE_STAGES.map((s) => ({ id: s.id, label: s.name }))) }),
  pipeline_id: def("pipeline_id", "Pipeline", "pipeline"),
  probability: def("probability", "Probability", "percent"),
  company_id: def("company_id", "Company", "company"),
  contact_id: def("contact_id", "Primary contact", "contact"),
  contact_ids: def("contact_ids", "Contacts", "contacts"),
  assigned_member_id: def("assigned_member_id", "Owner", "member"),
  expected_close_date: def("expected_close_date", "Expected close", "date"),
  won_date: def("won_date", "Won on", "date"),
  actual_close_date: def("actual_close_date", "Closed on", "date"),
  next_followup_date: def("next_followup_date", "Next follow-up", "date"),
  lost_reason: def("lost_reason", "Lost reason", "long_text", { stages: ["closed_lost"] }),
  loss_category: def("loss_category", "Loss category", "choice", { options: options("domain.lossCategories", LOSS_CATEGORIES), stages: ["closed_lost"] }),
  closure_notes: def("closure_notes", "Closure notes", "long_text", { stages: CLOSED_STAGES }),
  note: def("note", "Note", "long_text"),
  forecast_category: def("forecast_category", "Forecast category", "choice", { options: options("domain.forecastCategories", FORECAST_CATEGORIES) }),
  deal_type: def("deal_type", "Deal type", "suggestion", { options: suggestions("deal.dealTypes", DEAL_TYPE_SUGGESTIONS) }),
  deal_source: def("deal_source", "Deal source", "suggestion", { options: suggestions("domain.dealSources", DEAL_SOURCE_SUGGESTIONS) }),
  competitors: def("competitors", "Competitors", "list"),
  rfp_record_id: def("rfp_record_id", "RFP record", "text"),
  quote_ids: def("quote_ids", "Quotes", "list"),
  proposal_ids: def("proposal_ids", "Proposals", "list"),
  attachment_refs: def("attachment_refs", "Attachments", "list"),
  linked_task_ids: def("linked_task_ids", "Linked tasks", "list"),
  tags: def("tags", "Tags", "list"),
  custom_fields: def("custom_fields", "Custom fields", "key_value"),
  source: def("source", "Source", "text"),
  position: def("position", "Position", "text"),
  created_at: def("created_at", "Created", "date"),
  updated_at: def("updated_at", "Last updated", "date"),
} as const satisfies Record<string, DealFieldDef>;

export type DealField = keyof typeof DEAL_FIELDS;

/**
 * Every field's name as a constant (`FIELD.amount === "amount"`): code that names a field in
 * markup uses these, so the literal-text lint rule only ever sees words people read.
 */
export const FIELD = Object.fromEntries(Object.keys(DEAL_FIELDS).map((field) => [field, field])) as { readonly [K in DealField]: K };

const fieldDef = (field: string): DealFieldDef | undefined => (Object.hasOwn(DEAL_FIELDS, field) ? DEAL_FIELDS[field as DealField] : undefined);

/**
 * A field's label, from the catalogs when `t` is given (English otherwise); a field this registry
 * does not know (a newer server's) reads as its name.
 */
export function fieldLabel(field: string, t?: Translate): string {
  const def = fieldDef(field);
  if (!def) return humanize(field);
  return t ? t(def.labelKey) : def.label;
}

export const fieldKind = (field: string): DealFieldKind | undefined => fieldDef(field)?.kind;

/** Whether a field belongs on a deal in `stage` (the reason a deal was lost only on a lost deal). */
export const isFieldShown = (field: DealField, stage: Stage): boolean => {
  const stages: readonly Stage[] | undefined = fieldDef(field)?.stages;
  return !stages || stages.includes(stage);
};

/** How a stored value of a choice or suggestion field reads ("best_case" → "Best case"); free text stays as typed. */
export function optionLabel(field: string, value: string, t?: Translate): string {
  const option = fieldDef(field)?.options?.find((o) => o.value === value);
  if (!option) return humanize(value);
  return t ? t(option.labelKey) : option.label;
}

/**
 * A select's options for a choice or suggestion field: its options, plus `current` when it is
 * another value (free text, or a value this client does not know), so a deal's own value is
 * always offered.
 */
export function selectOptions(field: DealField, current?: string | null, t?: Translate): { value: string; label: string }[] {
  const known = fieldDef(field)?.options ?? [];
  const list = known.map(({ value, label, labelKey }) => ({ value, label: t ? t(labelKey) : label }));
  if (current && !known.some((o) => o.value === current)) list.push({ value: current, label: optionLabel(field, current, t) });
  return list;
}

/** A number input's value: empty is null (the API's "no value"), anything else a number. */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return null;
  return typeof value === "number" ? value : Number(value);
}

/** A text input's value: blank is null, anything else trimmed. */
export const textOrNull = (value: string | null | undefined): string | null => (value && value.trim() ? value.trim() : null);
