import { type Kysely, sql } from "kysely";
import type { CompanyRow, Database } from "@/db/tables";
import { type Caller } from "@/lib/api/session";
import { notFound, unprocessable } from "@/lib/api/errors";
import { idPattern } from "@/lib/ids";
import { insertVersionedRecord, softDeleteVersionedRecord, updateVersionedRecord, type VersionedRecordKind } from "@/lib/records/versioned-record";
import type { Company, CompanyCreateInput, CompanyListQuery, CompanyListResponse, CompanyUpdateInput } from "./schema";

/**
 * Companies: the organisations deals are sold to. Every query starts from `companiesOf`, which
 * applies the tenant filter, so another tenant's company is indistinguishable from a missing one.
 */

type Db = Kysely<Database>;

function companiesOf(db: Db, tenantId: string) {
  return db
    .selectFrom("companies as c")
    .selectAll("c")
    .select(
      sql<number>`(select count(*) from deals d where d.tenant_id = c.tenant_id and d.company_id = c.id and not d.is_deleted)::int`.as(
        "deal_count",
      ),
    )
    .where("c.tenant_id", "=", tenantId);
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toCompany(row: CompanyRow & { deal_count: number | string }): Company {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    phone: row.phone,
    website: row.website,
    address: row.address,
    note: row.note,
    deal_count: Number(row.deal_count),
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

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export const likePattern = (search: string): string => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Blank optional strings are stored as null. */
function blankToNull<T extends Record<string, unknown>>(input: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = value === "" && key !== "name" ? null : value;
  return out as T;
}

export async function listCompanies(db: Db, tenantId: string, query: CompanyListQuery): Promise<CompanyListResponse> {
  let base = db.selectFrom("companies as c").where("c.tenant_id", "=", tenantId).where("c.is_deleted", "=", false);
  if (query.search) base = base.where(sql<string>`lower(c.name)`, "like", likePattern(query.search));

  const order = query.order ?? (query.sort === "name" ? "asc" : "desc");
  let items = companiesOf(db, tenantId).where("c.is_deleted", "=", false);
  if (query.search) items = items.where(sql<string>`lower(c.name)`, "like", likePattern(query.search));
  items =
    query.sort === "name"
      ? items.orderBy(sql`lower(c.name)`, order).orderBy("c.id", order)
      : items.orderBy(`c.${query.sort}`, order).orderBy("c.id", order);

  const [rows, count] = await Promise.all([
    items.limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toCompany), total: Number(count.n), limit: query.limit, offset: query.offset };
}

export async function getCompany(db: Db, tenantId: string, id: string): Promise<Company> {
  if (!idPattern("company").test(id)) throw notFound("Company");
  const row = await companiesOf(db, tenantId).where("c.id", "=", id).where("c.is_deleted", "=", false).executeTakeFirst();
  if (!row) throw notFound("Company");
  return toCompany(row);
}

/**
 * A reference from another record (a contact's or deal's `company_id`): it must be a live company
 * of the same tenant, else 422 `invalid_reference` — the same answer whether it is missing,
 * deleted, or another tenant's.
 */
export async function assertCompanyReference(db: Db, tenantId: string, id: string, field = "company_id"): Promise<void> {
  const row = idPattern("company").test(id)
    ? await db
        .selectFrom("companies")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("is_deleted", "=", false)
        .executeTakeFirst()
    : undefined;
  if (!row) {
    throw unprocessable("invalid_reference", `${field}: no such company in this workspace.`, [
      { field, code: "invalid_reference", message: "No such company in this workspace." },
    ]);
  }
}

const companyRecord: VersionedRecordKind<"companies", Company> = { table: "companies", kind: "company", label: "Company", read: getCompany };

export async function createCompany(db: Db, caller: Caller, input: CompanyCreateInput): Promise<Company> {
  return insertVersionedRecord(db, companyRecord, caller, blankToNull(input));
}

export async function updateCompany(
  db: Db,
  caller: Caller,
  id: string,
  input: CompanyUpdateInput,
  expectedVersion: number | undefined,
): Promise<Company> {
  const { version: _version, ...fields } = input;
  return updateVersionedRecord(db, companyRecord, caller, id, blankToNull(fields), expectedVersion);
}

/** Soft delete. Managers may delete any company; a rep only the ones they created. */
export async function deleteCompany(db: Db, caller: Caller, id: string, expectedVersion?: number): Promise<void> {
  await softDeleteVersionedRecord(db, companyRecord, caller, id, expectedVersion);
}
