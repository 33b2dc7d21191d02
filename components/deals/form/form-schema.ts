import type { FieldError, Resolver } from "react-hook-form";
import type { z } from "zod";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { fieldKind, type Translate } from "@/lib/deals/fields";
import { type Deal, dealCreateSchema, dealUpdateSchema } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES, findStage } from "@/lib/pipelines/model";
import { issueMessage } from "./validation-messages";

/**
 * The form's schemas are the API's (dealCreateSchema / dealUpdateSchema) minus the fields the
 * UI does not edit: server-maintained dates, integration links and source stamps. Nothing here
 * re-declares a field, so a rule changed in lib/deals/schema.ts changes the form too.
 */
const NOT_EDITED_IN_FORM = {
  source: true,
  source_type: true,
  won_date: true,
  actual_close_date: true,
  rfp_record_id: true,
  quote_ids: true,
  proposal_ids: true,
  attachment_refs: true,
  linked_task_ids: true,
} as const;

/** The API's own closed_lost rule, checked before the round trip. */
function lostNeedsReason(values: { stage?: string | null; lost_reason?: string | null; loss_category?: string | null }, ctx: z.RefinementCtx) {
  if (values.stage !== "closed_lost") return;
  if (!values.loss_category) ctx.addIssue({ code: "custom", path: ["loss_category"], message: "Choose a loss category for a lost deal.", params: { messageKey: "lossCategoryRequired" } });
  if (!values.lost_reason?.trim()) ctx.addIssue({ code: "custom", path: ["lost_reason"], message: "Write why the deal was lost.", params: { messageKey: "lostReasonRequired" } });
}

export const dealCreateFormSchema = dealCreateSchema.omit(NOT_EDITED_IN_FORM).superRefine(lostNeedsReason);
// `source` is not in the update schema at all (set on create only).
const { source: _source, ...NOT_EDITED_IN_EDIT_FORM } = NOT_EDITED_IN_FORM;
export const dealEditFormSchema = dealUpdateSchema.omit({ ...NOT_EDITED_IN_EDIT_FORM, version: true }).superRefine(lostNeedsReason);

export type DealFormValues = z.input<typeof dealCreateFormSchema>;
export type DealFormOutput = z.output<typeof dealCreateFormSchema>;
export type DealFormField = keyof DealFormValues;

/** Every field the form holds, read off the schema itself. */
export const DEAL_FORM_FIELDS = Object.keys(dealCreateSchema.omit(NOT_EDITED_IN_FORM).shape) as DealFormField[];

/** The parts of a zod schema `maxLengthOf` reads. */
interface SchemaNode {
  def: { type: string; innerType?: SchemaNode; in?: SchemaNode; element?: SchemaNode };
  maxLength?: number | null;
}

/** A field's own schema under its optional, nullable and transform wrappers. */
function unwrap(node: SchemaNode): SchemaNode {
  for (;;) {
    const next = node.def.type === "pipe" ? node.def.in : node.def.innerType;
    if (!next || !["optional", "nullable", "nonoptional", "default", "pipe"].includes(node.def.type)) return node;
    node = next;
  }
}

/**
 * The API's length limit for a text field, or for each item of a list field, read off its schema
 * (for an input's maxLength: typing stops where the API would refuse).
 */
export function maxLengthOf(field: DealFormField): number | undefined {
  const node = unwrap(dealCreateSchema.shape[field] as unknown as SchemaNode);
  const text = node.def.element ? unwrap(node.def.element) : node;
  return text.maxLength ?? undefined;
}

/**
 * The form's resolver: the API's rules, with each field's first problem in the page's language
 * (validation-messages.ts). Both schemas validate the same fields with the same rules; edit
 * additionally accepts omitted ones.
 */
export function dealFormResolver(mode: "create" | "edit", t: Translate): Resolver<DealFormValues, unknown, DealFormOutput> {
  const schema = mode === "create" ? dealCreateFormSchema : dealEditFormSchema;
  return async (values) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data as DealFormOutput, errors: {} };
    return { values: {}, errors: formErrors(result.error.issues, t) };
  };
}

/** One message per field (its first problem); `contact_ids.2` belongs to `contact_ids`. */
export function formErrors(issues: readonly z.core.$ZodIssue[], t: Translate): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? "root");
    errors[name] ??= { type: issue.code, message: issueMessage(issue, t) };
  }
  return errors;
}

/** An empty value of a field's kind: no value, no items, no custom fields. */
function emptyValue(field: DealFormField): unknown {
  const kind = fieldKind(field);
  // A deal always has a pipeline: left unset, the server puts it in the default one.
  if (kind === "pipeline") return undefined;
  return kind === "list" || kind === "contacts" ? [] : kind === "key_value" ? {} : null;
}

/**
 * A new deal's form: empty but for the pipeline (when given), the stage with its probability in
 * that pipeline (`stages`, default: the default pipeline's) and the default currency.
 */
export function emptyDealFormValues(stage: Stage = "lead", pipeline?: { id: string; stages: readonly { id: string; probability: number }[] }): DealFormValues {
  const values: Record<string, unknown> = {};
  for (const field of DEAL_FORM_FIELDS) values[field] = emptyValue(field);
  const probability = findStage(pipeline?.stages ?? DEFAULT_PIPELINE_STAGES, stage)?.probability ?? null;
  return { ...values, name: "", currency: DEFAULT_CURRENCY, pipeline_id: pipeline?.id, stage, probability } as DealFormValues;
}

/** The form's view of an existing deal: exactly the form's fields, copied from the wire deal. */
export function dealToFormValues(deal: Deal): DealFormValues {
  const out: Record<string, unknown> = {};
  for (const field of DEAL_FORM_FIELDS) out[field] = (deal as Record<string, unknown>)[field] ?? null;
  return out as DealFormValues;
}
