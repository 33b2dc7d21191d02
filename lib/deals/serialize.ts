import { sql } from "kysely";
import { JsonText } from "@/lib/api/json-text";
import type { DealRow } from "@/db/tables";
import type { Deal, DealCard } from "./schema";
import type { Stage } from "./stages";

/**
 * The owner's display name, looked up by primary key on every read of a relation aliased `d`
 * with the deals columns (a table read or an `update … returning`). Not stored on the deal: a
 * member may own a third of the tenant's deals, and a rename would rewrite and lock every one of
 * them (docs/benchmarks.md#stored-deal-json). Plain SQL text, so the benchmark's floors run the same.
 */
export const OWNER_NAME_SQL = `(select u.name from "user" u where u.id = d.assigned_member_id)`;

/**
 * A deal as the API's JSON text: the stored head and tail (written by the deal's trigger on every
 * write: `Deal`'s keys in order, the wire's values) with the owner's name between them. A list
 * page of 50 deals is then 50 strings for the server to join: not 50 rows of 50 columns to decode
 * and stringify again (docs/benchmarks.md#json-text-bodies), nor 50 deals for PostgreSQL to join and write as JSON on every
 * request (#stored-deal-json); a single deal is one string to parse (#stored-deal-json). serialize.api.test.ts
 * checks that it parses to exactly the deal its columns make, on both drivers. Plain SQL text, so
 * the floors run the same expression.
 */
export const DEAL_JSON_SQL = `d.wire_head || ',"assigned_member_name":' || coalesce(to_json(${OWNER_NAME_SQL})::text, 'null') || ',' || d.wire_tail`;

/** The owner's name as a selection, also for a select from a write's `returning` aliased `d`. */
export const ownerNameColumn = sql<string | null>`${sql.raw(OWNER_NAME_SQL)}`.as("assigned_member_name");
/** `DEAL_JSON_SQL` as a selection: from the table aliased `d`, or from a write's `returning DEAL_RETURNING_COLUMNS` aliased `d`. */
export const dealJsonColumn = sql<string>`${sql.raw(DEAL_JSON_SQL)}`.as("deal_json");
/** A `StoredDeal`'s selection from the table or a write's `returning DEAL_RETURNING_COLUMNS`, both aliased `d`. */
export const STORED_DEAL_SELECTION = [dealJsonColumn, "d.version"] as const;

/**
 * What a write of a deal returns for `dealJsonColumn` to be selected from it: the JSON its trigger
 * has just rebuilt (a BEFORE trigger, so `returning` sees it) and the owner to look the name up by.
 */
export const DEAL_RETURNING_COLUMNS = ["wire_head", "wire_tail", "assigned_member_id", "version"] as const;

/**
 * A deal as `tenantDeals(…).read()` (lib/deals/scope.ts) reads it and a write returns it (`STORED_DEAL_SELECTION`): its JSON text,
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
  | "lost_reason"
  | "loss_category"
  | "position"
  | "stage_entered_at"
  | "updated_at"
  | "version"
> & { assigned_member_name: string | null };

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
    lost_reason: row.lost_reason,
    loss_category: row.loss_category,
    position: row.position,
    stage_entered_at: iso(row.stage_entered_at),
    updated_at: iso(row.updated_at),
    version: row.version,
  };
}
