import type { Expression, Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { idPattern } from "@/lib/ids";
import { selectDeals, selectDealsJson } from "./serialize";

/**
 * The tenant filter for everything the deals service touches, in one place: every query on
 * deals and their activities starts from one of these builders, so none can forget the tenant.
 * Another tenant's deal is then indistinguishable from a missing one.
 */
/**
 * The tenant a query is scoped to: the caller's tenant id, or a reference to it in the same
 * statement (the caller lookup's column, `readAsCaller` in lib/api/session.ts).
 */
export type TenantRef = string | Expression<string>;

export function tenantDeals(db: Kysely<Database>, tenantId: TenantRef) {
  return {
    /** Deals as the wire shows them (with company, contact and owner names). */
    read: () => selectDeals(db, tenantId),
    /** The same deals as JSON text (`deal_json`, what `toDeal` answers), with their ids. */
    readJson: () => selectDealsJson(db, tenantId),
    /** Raw deal rows (alias `d`), e.g. for ranks and counts. */
    rows: () => db.selectFrom("deals as d").where("d.tenant_id", "=", tenantId),
    update: () => db.updateTable("deals").where("deals.tenant_id", "=", tenantId),
    /** Activities with the author's display name. */
    activities: () =>
      db
        .selectFrom("deal_activities as a")
        .leftJoin("user as au", "au.id", "a.created_by")
        .where("a.tenant_id", "=", tenantId),
  };
}

/** A syntactically valid deal id; anything else is simply not found. */
export const isDealId = (id: string): boolean => idPattern("deal").test(id);
