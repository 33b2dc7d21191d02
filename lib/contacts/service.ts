import "server-only";
import { type Kysely, sql } from "kysely";
import type { ContactRow, Database } from "@/db/tables";
import { notFound } from "@/lib/api/errors";
import { assertCompanyReference } from "@/lib/companies/service";
import { idPattern } from "@/lib/ids";
import { blankToNull, wireStamps } from "@/lib/records/mappers";
import { foldedLikeContains } from "@/lib/records/search";
import { insertVersionedRecord, type RecordCaller, type RecordReader, restoreVersionedRecord, softDeleteVersionedRecord, updateVersionedRecord, type VersionedRecordKind } from "@/lib/records/versioned-record";
import type { Contact, ContactCreateInput, ContactListQuery, ContactListResponse, ContactUpdateInput } from "./schema";

/**
 * Contacts: the people deals involve, optionally at a company of the same tenant. Every read
 * starts from `contactsOf`, which applies the tenant filter.
 */

type Db = Kysely<Database>;

/** The reader's contacts: an application-scoped API key sees only those its application wrote. */
function contactsOf(db: Db, reader: RecordReader) {
  return db
    .selectFrom("contacts as ct")
    .leftJoin("companies as co", (j) => j.onRef("co.id", "=", "ct.company_id").onRef("co.tenant_id", "=", "ct.tenant_id"))
    .selectAll("ct")
    .select("co.name as company_name")
    .where("ct.tenant_id", "=", reader.tenantId)
    .$if(!!reader.appScope, (q) => q.where("ct.app_id", "=", reader.appScope!));
}

/** Name and email folded for search, the expression of the index contacts_name_fold_trgm_idx (lib/records/search.ts). */
const searchText = sql<string>`search_fold(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '') || ' ' || coalesce(ct.email, ''))`;

function toContact(row: ContactRow & { company_name: string | null }): Contact {
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
    ...wireStamps(row),
  };
}

export async function listContacts(db: Db, caller: RecordReader, query: ContactListQuery): Promise<ContactListResponse> {
  const { tenantId } = caller;
  const order = query.order ?? (query.sort === "name" ? "asc" : "desc");
  const deleted = query.deleted ?? false;
  let items = contactsOf(db, caller).where("ct.is_deleted", "=", deleted);
  let count = db
    .selectFrom("contacts as ct")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ct.tenant_id", "=", tenantId)
    .where("ct.is_deleted", "=", deleted)
    .$if(!!caller.appScope, (q) => q.where("ct.app_id", "=", caller.appScope!));
  if (query.search) {
    const pattern = foldedLikeContains(query.search);
    items = items.where(searchText, "like", pattern);
    count = count.where(searchText, "like", pattern);
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

/** The live contact (or, with `includeDeleted`, also one in the trash), or 404. */
export async function getContact(db: Db, caller: RecordReader, id: string, options: { includeDeleted?: boolean } = {}): Promise<Contact> {
  if (!idPattern("contact").test(id)) throw notFound("Contact");
  let query = contactsOf(db, caller).where("ct.id", "=", id);
  if (!options.includeDeleted) query = query.where("ct.is_deleted", "=", false);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound("Contact");
  return toContact(row);
}

const contactRecord: VersionedRecordKind<"contacts", Contact> = { table: "contacts", kind: "contact", label: "Contact", read: (db, caller, id) => getContact(db, caller, id) };

export async function createContact(db: Db, caller: RecordCaller, input: ContactCreateInput): Promise<Contact> {
  if (input.company_id) await assertCompanyReference(db, caller, input.company_id);
  return insertVersionedRecord(db, caller, contactRecord, blankToNull(input, "first_name"));
}

export async function updateContact(db: Db, caller: RecordCaller, id: string, input: ContactUpdateInput, expectedVersion: number | undefined): Promise<Contact> {
  const { version: _version, ...fields } = input;
  return updateVersionedRecord(db, caller, contactRecord, id, blankToNull(fields, "first_name"), expectedVersion, async (trx, changed) => {
    if (changed.company_id) await assertCompanyReference(trx, caller, changed.company_id);
  });
}

/** Soft delete. Managers may delete any contact; a rep only the ones they added. */
export async function deleteContact(db: Db, caller: RecordCaller, id: string, expectedVersion?: number): Promise<void> {
  await softDeleteVersionedRecord(db, caller, contactRecord, id, expectedVersion);
}

/** Undo a soft delete: `{ contact }`. The same people who may delete it may restore it; 409 `not_deleted` when it is live. */
export async function restoreContact(db: Db, caller: RecordCaller, id: string): Promise<Contact> {
  return restoreVersionedRecord(db, caller, contactRecord, id);
}
