import type { Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { type Deal, dealCreateSchema, dealUpdateSchema } from "@/lib/deals/schema";
import { defaultProbability, type Stage } from "@/lib/deals/stages";

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
  pipeline_id: true,
  rfp_record_id: true,
  quote_ids: true,
  proposal_ids: true,
  attachment_refs: true,
  linked_task_ids: true,
} as const;

/** The API's own closed_lost rule, checked before the round trip. */
function lostNeedsReason(values: { stage?: string | null; lost_reason?: string | null; loss_category?: string | null }, ctx: z.RefinementCtx) {
  if (values.stage !== "closed_lost") return;
  if (!values.loss_category) ctx.addIssue({ code: "custom", path: ["loss_category"], message: "Choose a loss category for a lost deal." });
  if (!values.lost_reason?.trim()) ctx.addIssue({ code: "custom", path: ["lost_reason"], message: "Write why the deal was lost." });
}

export const dealCreateFormSchema = dealCreateSchema.omit(NOT_EDITED_IN_FORM).superRefine(lostNeedsReason);
export const dealEditFormSchema = dealUpdateSchema.omit({ ...NOT_EDITED_IN_FORM, version: true }).superRefine(lostNeedsReason);

export type DealFormValues = z.input<typeof dealCreateFormSchema>;
export type DealFormOutput = z.output<typeof dealCreateFormSchema>;
export type DealFormField = keyof DealFormValues;

/** Every field the form holds, read off the schema itself. */
export const DEAL_FORM_FIELDS = Object.keys(dealCreateSchema.omit(NOT_EDITED_IN_FORM).shape) as DealFormField[];

export function dealFormResolver(mode: "create" | "edit"): Resolver<DealFormValues, unknown, DealFormOutput> {
  // Both schemas validate the same fields with the same rules; edit additionally accepts omitted ones.
  return zodResolver(mode === "create" ? dealCreateFormSchema : dealEditFormSchema) as unknown as Resolver<DealFormValues, unknown, DealFormOutput>;
}

export function emptyDealFormValues(stage: Stage = "lead"): DealFormValues {
  return {
    name: "",
    amount: null,
    currency: DEFAULT_CURRENCY,
    stage,
    probability: defaultProbability(stage),
    company_id: null,
    contact_id: null,
    contact_ids: [],
    assigned_member_id: null,
    expected_close_date: null,
    next_followup_date: null,
    lost_reason: null,
    loss_category: null,
    closure_notes: null,
    note: null,
    forecast_category: null,
    deal_type: null,
    deal_source: null,
    competitors: [],
    tags: [],
    custom_fields: {},
  };
}

/** The form's view of an existing deal: exactly the form's fields, copied from the wire deal. */
export function dealToFormValues(deal: Deal): DealFormValues {
  const out: Record<string, unknown> = {};
  for (const field of DEAL_FORM_FIELDS) out[field] = (deal as Record<string, unknown>)[field] ?? null;
  return out as DealFormValues;
}
