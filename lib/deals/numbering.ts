import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";

/**
 * Human deal numbers, `DEAL-<year>-<5 digits>`, unique per tenant. The counter row for
 * (tenant, year) is bumped with one atomic upsert inside the create transaction: concurrent
 * creates queue on that row's lock, so no two get the same number, and a rolled-back create
 * gives its number back. The year is the UTC year of the creation time.
 */

export const formatDealNumber = (year: number, n: number): string => `DEAL-${year}-${String(n).padStart(5, "0")}`;

export async function nextDealNumber(trx: Kysely<Database>, tenantId: string, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const { rows } = await sql<{ last_value: number }>`
    insert into deal_counters as c (tenant_id, year, last_value)
    values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last_value = c.last_value + 1
    returning c.last_value`.execute(trx);
  return formatDealNumber(year, Number(rows[0].last_value));
}
