import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { type FieldError, unprocessable } from "@/lib/api/errors";
import { idPattern } from "@/lib/ids";

/**
 * References between records (a deal's company and contacts, a contact's company) must name live
 * records of the caller's tenant. Missing, soft-deleted and another tenant's records all get the
 * same answer, 422 `invalid_reference` with one field error per bad reference, so a foreign id
 * reveals nothing.
 */

type ReferencedTable = "companies" | "contacts";

/** Which of `ids` are live records of `table` in the tenant (malformed ids never are). */
export async function liveRecordIds(db: Kysely<Database>, table: ReferencedTable, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const kind = table === "companies" ? "company" : "contact";
  const wellFormed = ids.filter((id) => idPattern(kind).test(id));
  if (wellFormed.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "in", wellFormed)
    .where("is_deleted", "=", false)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The field error for a reference to `what` that is not a live record of the workspace. */
export const missingReference = (field: string, what: string): FieldError => ({ field, code: "invalid_reference", message: `No such ${what} in this workspace.` });

/** 422 `invalid_reference` for the bad references found (nothing when there are none). */
export function assertNoMissingReferences(errors: FieldError[]): void {
  if (errors.length === 0) return;
  throw unprocessable(
    "invalid_reference",
    errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} references do not exist in this workspace.`,
    errors,
  );
}
