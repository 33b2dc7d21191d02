import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { type FieldError, unprocessable } from "@/lib/api/errors";
import { idPattern } from "@/lib/ids";

/**
 * A deal's references (company, contacts, owner) must be live records of the caller's tenant.
 * Missing, soft-deleted and another tenant's records all get the same answer: 422
 * `invalid_reference`, with one field error per bad reference, so a foreign id reveals nothing.
 */

export interface DealReferences {
  company_id?: string | null;
  contact_id?: string | null;
  contact_ids?: string[];
  assigned_member_id?: string | null;
}

export async function assertDealReferences(db: Kysely<Database>, tenantId: string, refs: DealReferences): Promise<void> {
  const contactIds = [...new Set([...(refs.contact_id ? [refs.contact_id] : []), ...(refs.contact_ids ?? [])])];
  const [companies, contacts, members] = await Promise.all([
    refs.company_id
      ? db
          .selectFrom("companies")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("id", "=", refs.company_id)
          .where("is_deleted", "=", false)
          .execute()
      : [],
    contactIds.length
      ? db
          .selectFrom("contacts")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("id", "in", contactIds)
          .where("is_deleted", "=", false)
          .execute()
      : [],
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
  const missing = (field: string, what: string) =>
    errors.push({ field, code: "invalid_reference", message: `No such ${what} in this workspace.` });
  if (refs.company_id && companies.length === 0) missing("company_id", "company");
  const liveContacts = new Set(contacts.map((c) => c.id));
  if (refs.contact_id && !liveContacts.has(refs.contact_id)) missing("contact_id", "contact");
  refs.contact_ids?.forEach((id, i) => {
    if (!liveContacts.has(id)) missing(`contact_ids.${i}`, "contact");
  });
  if (refs.assigned_member_id && members.length === 0) missing("assigned_member_id", "member");

  if (errors.length) {
    throw unprocessable(
      "invalid_reference",
      errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} references do not exist in this workspace.`,
      errors,
    );
  }
}
