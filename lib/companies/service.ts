import "server-only";
import { type Kysely, sql } from "kysely";
import type { CompanyRow, Database } from "@/db/tables";
import { notFound } from "@/lib/api/errors";
import { idPattern } from "@/lib/ids";
import { blankToNull, wireStamps } from "@/lib/records/mappers";
import { assertNoMissingReferences, liveRecordIds, missingReference } from "@/lib/records/references";
import { foldedLikeContains } from "@/lib/records/search";
import { insertVersionedRecord, type RecordCaller, type RecordReader, restoreVersionedRecord, softDeleteVersionedRecord, updateVersionedRecord, type VersionedRecordKind } from "@/lib/records/versioned-record";
import type { Company, CompanyCreateInput, CompanyListQuery, CompanyListResponse, CompanyUpdateInput } from "./schema";

/**
 * Companies: the organisations deals are sold to. Every query starts from `companiesOf`, which
 * applies the tenant filter, so another tenant's company is indistinguishable from a missing one.
 */

type Db = Kysely<Database>;

/** The reader's companies: an application-scoped API key sees only those its application wrote. */
function companiesOf(db: Db, reader: RecordReader) {
  return db
    .selectFrom("companies as c")
    .selectAll("c")
    .select(
      sql<number>`(select count(*) from deals d where d.tenant_id = c.tenant_id and d.company_id = c.id and not d.is_deleted)::int`.as(
        "deal_count",
      ),
    )
    .where("c.tenant_id", "=", reader.tenantId)
    .$if(!!reader.appScope, (q) => q.where("c.app_id", "=", reader.appScope!));
}

function toCompany(row: CompanyRow & { deal_count: number | string }): Company {
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
    ...wireStamps(row),
  };
}

export async function listCompanies(db: Db, caller: RecordReader, query: CompanyListQuery): Promise<CompanyListResponse> {
  const { tenantId } = caller;
  const deleted = query.deleted ?? false;
  let base = db
    .selectFrom("companies as c")
    .where("c.tenant_id", "=", tenantId)
    .where("c.is_deleted", "=", deleted)
    .$if(!!caller.appScope, (q) => q.where("c.app_id", "=", caller.appScope!));
  let items = companiesOf(db, caller).where("c.is_deleted", "=", deleted);
  if (query.search) {
    // Folded as the index companies_name_fold_trgm_idx folds the name (lib/records/search.ts).
    const pattern = foldedLikeContains(query.search);
    base = base.where(sql<string>`search_fold(c.name)`, "like", pattern);
    items = items.where(sql<string>`search_fold(c.name)`, "like", pattern);
  }
  const order = query.order ?? (query.sort === "name" ? "asc" : "desc");
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

/** The live company (or, with `includeDeleted`, also one in the trash), or 404. */
export async function getCompany(db: Db, caller: RecordReader, id: string, options: { includeDeleted?: boolean } = {}): Promise<Company> {
  if (!idPattern("company").test(id)) throw notFound("Company");
  let query = companiesOf(db, caller).where("c.id", "=", id);
  if (!options.includeDeleted) query = query.where("c.is_deleted", "=", false);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound("Company");
  return toCompany(row);
}

/** A contact's `company_id` must be a live company of the caller's tenant (lib/records/references.ts). */
export async function assertCompanyReference(db: Db, caller: RecordReader, id: string): Promise<void> {
  const live = await liveRecordIds(db, "companies", caller.tenantId, [id]);
  assertNoMissingReferences(live.has(id) ? [] : [missingReference("company_id", "company")]);
}

const companyRecord: VersionedRecordKind<"companies", Company> = { table: "companies", kind: "company", label: "Company", read: (db, caller, id) => getCompany(db, caller, id) };

export async function createCompany(db: Db, caller: RecordCaller, input: CompanyCreateInput): Promise<Company> {
  return insertVersionedRecord(db, caller, companyRecord, blankToNull(input, "name"));
}

export async function updateCompany(db: Db, caller: RecordCaller, id: string, input: CompanyUpdateInput, expectedVersion: number | undefined): Promise<Company> {
  const { version: _version, ...fields } = input;
  return updateVersionedRecord(db, caller, companyRecord, id, blankToNull(fields, "name"), expectedVersion);
}

/** Soft delete. Managers may delete any company; a rep only the ones they created. */
export async function deleteCompany(db: Db, caller: RecordCaller, id: string, expectedVersion?: number): Promise<void> {
  await softDeleteVersionedRecord(db, caller, companyRecord, id, expectedVersion);
}

/** Undo a soft delete: `{ company }`. The same people who may delete it may restore it; 409 `not_deleted` when it is live. */
export async function restoreCompany(db: Db, caller: RecordCaller, id: string): Promise<Company> {
  return restoreVersionedRecord(db, caller, companyRecord, id);
}
