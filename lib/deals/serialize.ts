import { JsonText } from "@/lib/api/json-text";
import type { DealRow } from "@/db/tables";
import type { Deal, DealCard, NextStep } from "./schema";
import type { Stage } from "./stages";

/**
 * A deal as `tenantDeals(…).read()` reads it and a write returns it (`STORED_DEAL_SELECTION`, both in lib/deals/scope.ts): its JSON text,
 * which `toDeal` parses and `dealBody` sends as is, and its version (for the ETag).
 */
export interface StoredDeal {
  deal_json: string;
  version: number;
}

/** `{"deal": …}` with the deal's JSON text as is: an answer that neither parses nor stringifies the deal. */
export function dealBody(deal: StoredDeal): JsonText<{ deal: Deal }> {
  return new JsonText(['{"deal":', deal.deal_json, "}"]);
}

// Column values → wire values for the card (the full deal is read as its stored JSON, `toDeal`).
const iso = (d: Date | string): string => new Date(d).toISOString();
const wireAmount = (amount: DealRow["amount"]): number | null => (amount === null ? null : Number(amount));
/** `currency` is char(3): trimmed of the padding a shorter value would get. */
const wireCurrency = (currency: string): string => currency.trim();

/** The other way round, for the rare answer that has a `Deal` in hand and not its stored text. */
export function storedDeal(deal: Deal): StoredDeal {
  return { deal_json: JSON.stringify(deal), version: deal.version };
}

/**
 * The API's deal from its stored JSON: the trigger wrote `Deal`'s keys in order with the wire's
 * values (serialize.api.test.ts checks them against the deal's columns, on both drivers).
 */
export function toDeal(row: StoredDeal): Deal {
  return JSON.parse(row.deal_json) as Deal;
}

/** A board card's row (`tenantDeals(…).cards()` in lib/deals/scope.ts). */
export type DealCardRow = Pick<
  DealRow,
  | "id"
  | "deal_number"
  | "name"
  | "amount"
  | "currency"
  | "stage"
  | "probability"
  | "company_id"
  | "company_name"
  | "contact_id"
  | "contact_name"
  | "assigned_member_id"
  | "expected_close_date"
  | "next_followup_date"
  | "next_task_id"
  | "next_task_due"
  | "next_task_all_day"
  | "next_task_title"
  | "lost_reason"
  | "loss_category"
  | "position"
  | "stage_entered_at"
  | "updated_at"
  | "version"
> & { assigned_member_name: string | null };

/** The next step from the deal row's `next_task_*` columns (lib/deals/next-step.ts), as the deal's JSON has it. */
export function nextStepOf(row: Pick<DealRow, "next_task_id" | "next_task_due" | "next_task_all_day" | "next_task_title">): NextStep {
  if (row.next_task_id === null) return null;
  const due = row.next_task_due === null ? null : new Date(row.next_task_due).toISOString();
  return { activity_id: row.next_task_id, content: row.next_task_title, due_at: due && row.next_task_all_day ? due.slice(0, 10) : due };
}

export function toDealCard(row: DealCardRow): DealCard {
  return {
    id: row.id,
    deal_number: row.deal_number,
    name: row.name,
    amount: wireAmount(row.amount),
    currency: wireCurrency(row.currency),
    stage: row.stage as Stage,
    probability: row.probability,
    company_id: row.company_id,
    company_name: row.company_name ?? null,
    contact_id: row.contact_id,
    contact_name: row.contact_name ?? null,
    assigned_member_id: row.assigned_member_id,
    assigned_member_name: row.assigned_member_name ?? null,
    expected_close_date: row.expected_close_date,
    next_followup_date: row.next_followup_date,
    next_step: nextStepOf(row),
    lost_reason: row.lost_reason,
    loss_category: row.loss_category,
    position: row.position,
    stage_entered_at: iso(row.stage_entered_at),
    updated_at: iso(row.updated_at),
    version: row.version,
  };
}
