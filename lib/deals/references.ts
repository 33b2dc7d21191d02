import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import type { FieldError } from "@/lib/api/errors";
import { idPattern } from "@/lib/ids";
import { assertNoMissingReferences, liveRecordIds, missingReference } from "@/lib/records/references";
import type { DealCaller } from "./scope";

/**
 * A deal's references (company, contacts, owner) must be live records of the caller's tenant
 * (lib/records/references.ts): 422 `invalid_reference`, one field error per bad reference.
 */

export interface DealReferences {
  company_id?: string | null;
  contact_id?: string | null;
  contact_ids?: string[];
  assigned_member_id?: string | null;
}

export async function assertDealReferences(db: Kysely<Database>, caller: Pick<DealCaller, "tenantId">, refs: DealReferences): Promise<void> {
  const { tenantId } = caller;
  const contactIds = [...new Set([...(refs.contact_id ? [refs.contact_id] : []), ...(refs.contact_ids ?? [])])];
  const [companies, contacts, members] = await Promise.all([
    refs.company_id ? liveRecordIds(db, "companies", tenantId, [refs.company_id]) : new Set<string>(),
    liveRecordIds(db, "contacts", tenantId, contactIds),
    refs.assigned_member_id && idPattern("user").test(refs.assigned_member_id)
      ? db
          .selectFrom("member")
          .select("userId as id")
          .where("organizationId", "=", tenantId)
          .where("userId", "=", refs.assigned_member_id)
          .execute()
      : [],
  ]);

  const errors: FieldError[] = [];
  if (refs.company_id && !companies.has(refs.company_id)) errors.push(missingReference("company_id", "company"));
  if (refs.contact_id && !contacts.has(refs.contact_id)) errors.push(missingReference("contact_id", "contact"));
  refs.contact_ids?.forEach((id, i) => {
    if (!contacts.has(id)) errors.push(missingReference(`contact_ids.${i}`, "contact"));
  });
  if (refs.assigned_member_id && members.length === 0) errors.push(missingReference("assigned_member_id", "member"));
  assertNoMissingReferences(errors);
}
