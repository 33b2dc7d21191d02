import "server-only";
import { type ColumnType, type Generated, type Insertable, type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "@/db/tables";
import { AppError, forbidden, notFound } from "@/lib/api/errors";
import { versionConflict } from "@/lib/api/etag";
import { asOneWrite, inTransaction } from "@/lib/db-transaction";
import type { Caller } from "@/lib/api/session";
import { idPattern, newId } from "@/lib/ids";
import { canDeleteRecord } from "@/lib/permissions";

/**
 * Writes to a tenant-scoped record that carries a `version` (its ETag) and is soft-deleted, such
 * as a company or a contact. Every query here filters by the caller's tenant itself, so another
 * tenant's record, a deleted one and a malformed id all answer the same 404.
 */

type Db = Kysely<Database>;

/** Who writes: their tenant and user, and whether they are a manager (who may delete anyone's record). */
export type RecordCaller = Pick<Caller, "tenantId" | "userId" | "isManager"> & Partial<Pick<Caller, "appId" | "appScope">>;

/** The columns this module reads and writes, typed as in db/tables.ts. */
interface VersionedRecordColumns {
  id: string;
  tenant_id: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
  is_deleted: Generated<boolean>;
  deleted_at: Date | null;
  deleted_by: string | null;
  version: Generated<number>;
}

type VersionedTable = "companies" | "contacts";

/** Each table seen through the shared columns; naming a table that lacks one fails to compile. */
type SharedColumns<Tables extends Record<VersionedTable, VersionedRecordColumns>> = Record<keyof Tables, VersionedRecordColumns>;

/** One query then serves either table. */
const sharedColumnsOf = (db: Db) => db as unknown as Kysely<SharedColumns<Pick<Database, VersionedTable>>>;

export interface VersionedRecordKind<TB extends VersionedTable, R extends { version: number }> {
  table: TB;
  /** The id kind; also the record's name in messages and its key in a 409's body (`{ company }`). */
  kind: "company" | "contact";
  /** Its name in a 404 ("Company not found."). */
  label: string;
  /** Reads the live record as the API returns it, for the response and for a 409. */
  read: (db: Db, caller: RecordReader, id: string) => Promise<R>;
}

/** Who reads: their tenant and, for an application-scoped API key, the application whose records alone it sees. */
export type RecordReader = Pick<Caller, "tenantId"> & Partial<Pick<Caller, "appScope">>;

type AnyRecordKind = VersionedRecordKind<VersionedTable, { version: number }>;

/** The stamps `insertVersionedRecord` writes itself. */
type Stamped = "id" | "tenant_id" | "created_at" | "updated_at" | "created_by" | "updated_by";

/** Inserts a record into the caller's tenant with a new id and author/time stamps, and reads it back as the API returns it. */
export async function insertVersionedRecord<TB extends VersionedTable, R extends { version: number }>(
  db: Db,
  caller: RecordCaller,
  record: VersionedRecordKind<TB, R>,
  values: Omit<Insertable<Database[TB]>, Stamped>,
): Promise<R> {
  const id = newId(record.kind);
  const now = new Date();
  const stamps = { id, tenant_id: caller.tenantId, created_at: now, updated_at: now, created_by: caller.userId, updated_by: caller.userId };
  // The application whose API key writes it; a person's record has none (the column's default).
  const app = caller.appId ? { app_id: caller.appId } : {};
  // The table's own columns were checked against Database[TB] above; the stamps are shared.
  await asOneWrite(db, (w) =>
    sharedColumnsOf(w)
      .insertInto(record.table as VersionedTable)
      .values({ ...(values as object), ...stamps, ...app })
      .execute(),
  );
  return record.read(db, caller, id);
}

/** A malformed id is simply not found, without opening a transaction. */
function assertWellFormedId(record: AnyRecordKind, id: string): void {
  if (!idPattern(record.kind).test(id)) throw notFound(record.label);
}

/** Locks the caller's live row (or, with `any`, also one in the trash) inside `trx`, or throws 404. */
async function lockLiveRow(trx: Db, record: AnyRecordKind, caller: RecordReader, id: string, state: "live" | "any" = "live") {
  const appScope = caller.appScope;
  const row = await sharedColumnsOf(trx)
    .selectFrom(record.table)
    .selectAll()
    .where("tenant_id", "=", caller.tenantId)
    .$if(!!appScope, (q) => q.where(sql.ref("app_id"), "=", appScope!))
    .where("id", "=", id)
    .$if(state === "live", (q) => q.where("is_deleted", "=", false))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound(record.label);
  return row;
}

/**
 * Applies the fields of `changes` that differ from the stored row, with version + 1 and the
 * updated stamps; unchanged values write nothing and keep the version. A stale `expectedVersion`
 * is a 409 carrying the current record. `beforeWrite` runs in the same transaction, after the
 * version check, with just the changed fields (e.g. to check a reference).
 */
export async function updateVersionedRecord<TB extends VersionedTable, R extends { version: number }>(
  db: Db,
  caller: RecordCaller,
  record: VersionedRecordKind<TB, R>,
  id: string,
  changes: Partial<Selectable<Database[TB]>>,
  expectedVersion: number | undefined,
  beforeWrite?: (trx: Db, changed: Partial<Selectable<Database[TB]>>) => Promise<void>,
): Promise<R> {
  assertWellFormedId(record, id);
  return inTransaction(db, async (trx) => {
    const current: Record<string, unknown> = await lockLiveRow(trx, record, caller, id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw versionConflict(record.kind, await record.read(trx, caller, id), expectedVersion, record.kind);
    }
    const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => current[key] !== value));
    await beforeWrite?.(trx, changed as Partial<Selectable<Database[TB]>>);
    if (Object.keys(changed).length > 0) {
      const table: VersionedTable = record.table;
      await sharedColumnsOf(trx)
        .updateTable(table)
        .set({ ...changed, updated_at: new Date(), updated_by: caller.userId, version: sql<number>`version + 1` })
        .where("tenant_id", "=", caller.tenantId)
        .where("id", "=", id)
        .execute();
    }
    return record.read(trx, caller, id);
  });
}

/**
 * Soft delete, version + 1. Managers may delete any record; a rep only the ones they added. An
 * `expectedVersion` (If-Match) that is not the record's is 409, as for a change.
 */
export async function softDeleteVersionedRecord(
  db: Db,
  caller: RecordCaller,
  record: AnyRecordKind,
  id: string,
  expectedVersion?: number,
): Promise<void> {
  assertWellFormedId(record, id);
  await inTransaction(db, async (trx) => {
    const current = await lockLiveRow(trx, record, caller, id);
    if (!canDeleteRecord(caller, current)) {
      throw forbidden(`Only a manager or the person who added this ${record.kind} can delete it.`);
    }
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw versionConflict(record.kind, await record.read(trx, caller, id), expectedVersion, record.kind);
    }
    const now = new Date();
    await sharedColumnsOf(trx)
      .updateTable(record.table)
      .set({ is_deleted: true, deleted_at: now, deleted_by: caller.userId, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
      .where("tenant_id", "=", caller.tenantId)
      .where("id", "=", id)
      .execute();
  });
}

/**
 * Undo a soft delete, version + 1: the same people who may delete the record may restore it.
 * Restoring a record that is not in the trash is 409 `not_deleted` (it exists, so 404 would be
 * wrong; there is nothing to undo).
 */
export async function restoreVersionedRecord<TB extends VersionedTable, R extends { version: number }>(
  db: Db,
  caller: RecordCaller,
  record: VersionedRecordKind<TB, R>,
  id: string,
): Promise<R> {
  assertWellFormedId(record, id);
  return inTransaction(db, async (trx) => {
    const current = await lockLiveRow(trx, record, caller, id, "any");
    if (!canDeleteRecord(caller, current)) {
      throw forbidden(`Only a manager or the person who added this ${record.kind} can restore it.`);
    }
    if (!current.is_deleted) throw new AppError(409, "not_deleted", `This ${record.kind} is not deleted; there is nothing to restore.`);
    const now = new Date();
    const table: VersionedTable = record.table;
    await sharedColumnsOf(trx)
      .updateTable(table)
      .set({ is_deleted: false, deleted_at: null, deleted_by: null, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
      .where("tenant_id", "=", caller.tenantId)
      .where("id", "=", id)
      .execute();
    return record.read(trx, caller, id);
  });
}
