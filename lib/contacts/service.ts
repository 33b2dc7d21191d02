import { type Kysely, sql } from "kysely";
import type { ContactRow, Database } from "@/db/tables";
import { notFound } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { assertCompanyReference, likePattern } from "@/lib/companies/service";
import { idPattern } from "@/lib/ids";
import { insertVersionedRecord, softDeleteVersionedRecord, updateVersionedRecord, type VersionedRecordKind } from "@/lib/records/versioned-record";
import type { Contact, ContactCreateInput, ContactListQuery, ContactListResponse, ContactUpdateInput } from "./schema";

/**
 * Contacts: the people deals involve, optionally at a company of the same tenant. Every read
 * starts from `contactsOf`, which applies the tenant filter.
 */

type Db = Kysely<Database>;

function contactsOf(db: Db, tenantId: string) {
  return db
    .selectFrom("contacts as ct")
    .leftJoin("companies as co", (j) => j.onRef("co.id", "=", "ct.company_id").onRef("co.tenant_id", "=", "ct.tenant_id"))
    .selectAll("ct")
    .select("co.name as company_name")
    .where("ct.tenant_id", "=", tenantId);
}

// The same expression as the contacts_name_trgm_idx index, so searches are index-backed.
const searchText = sql<string>`lower(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '') || ' ' || coalesce(ct.email, ''))`;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toContact(row: ContactRow & { company_name: string | null }): Contact {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    company_id: row.company_id,
    company_name: row.company_name ?? null,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    phone: row.phone,
    title: row.title,
    note: row.note,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    created_by: row.created_by,
    updated_by: row.updated_by,
    is_deleted: row.is_deleted,
    deleted_at: iso(row.deleted_at),
    deleted_by: row.deleted_by,
    version: row.version,
  };
}

function blankToNull<T extends Record<string, unknown>>(input: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = value === "" && key !== "first_name" ? null : value;
  return out as T;
}

export async function listContacts(db: Db, tenantId: string, query: ContactListQuery): Promise<ContactListResponse> {
  const order = query.order ?? (query.sort === "name" ? "asc" : "desc");
  let items = contactsOf(db, tenantId).where("ct.is_deleted", "=", false);
  let count = db
    .selectFrom("contacts as ct")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ct.tenant_id", "=", tenantId)
    .where("ct.is_deleted", "=", false);
  if (query.search) {
    items = items.where(searchText, "like", likePattern(query.search));
    count = count.where(searchText, "like", likePattern(query.search));
  }
  if (query.company_id) {
    items = items.where("ct.company_id", "=", query.company_id);
    count = count.where("ct.company_id", "=", query.company_id);
  }
  items =
    query.sort === "name"
      ? items.orderBy(sql`lower(ct.first_name)`, order).orderBy(sql`lower(coalesce(ct.last_name, ''))`, order).orderBy("ct.id", order)
      : items.orderBy(`ct.${query.sort}`, order).orderBy("ct.id", order);

  const [rows, total] = await Promise.all([items.limit(query.limit).offset(query.offset).execute(), count.executeTakeFirstOrThrow()]);
  return { items: rows.map(toContact), total: Number(total.n), limit: query.limit, offset: query.offset };
}

export async function getContact(db: Db, tenantId: string, id: string): Promise<Contact> {
  if (!idPattern("contact").test(id)) throw notFound("Contact");
  const row = await contactsOf(db, tenantId).where("ct.id", "=", id).where("ct.is_deleted", "=", false).executeTakeFirst();
  if (!row) throw notFound("Contact");
  return toContact(row);
}

const contactRecord: VersionedRecordKind<"contacts", Contact> = { table: "contacts", kind: "contact", label: "Contact", read: getContact };

export async function createContact(db: Db, caller: Caller, input: ContactCreateInput): Promise<Contact> {
  if (input.company_id) await assertCompanyReference(db, caller.tenantId, input.company_id);
  return insertVersionedRecord(db, contactRecord, caller, blankToNull(input));
}

export async function updateContact(
  db: Db,
  caller: Caller,
  id: string,
  input: ContactUpdateInput,
  expectedVersion: number | undefined,
): Promise<Contact> {
  const { version: _version, ...fields } = input;
  return updateVersionedRecord(db, contactRecord, caller, id, blankToNull(fields), expectedVersion, async (trx, changed) => {
    if (changed.company_id) await assertCompanyReference(trx, caller.tenantId, changed.company_id);
  });
}

/** Soft delete. Managers may delete any contact; a rep only the ones they added. */
export async function deleteContact(db: Db, caller: Caller, id: string, expectedVersion?: number): Promise<void> {
  await softDeleteVersionedRecord(db, contactRecord, caller, id, expectedVersion);
}
