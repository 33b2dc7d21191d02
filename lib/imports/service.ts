import "server-only";
import { type Kysely, type Selectable, sql } from "kysely";
import Papa from "papaparse";
import { z } from "zod";
import type { Database, ImportRowError, ImportTable } from "@/db/tables";
import { AppError, type FieldError, forbidden, notFound } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { createCompany } from "@/lib/companies/service";
import { createContact } from "@/lib/contacts/service";
import { activityRow } from "@/lib/deals/activities";
import type { DealCaller } from "@/lib/deals/scope";
import type { DealCreateInput } from "@/lib/deals/schema";
import { createDeal, createDealsInBulk } from "@/lib/deals/service";
import { idPattern, newId } from "@/lib/ids";
import { listTenantMembers, type Member } from "@/lib/members";
import { canUndoImport } from "@/lib/permissions";
import type { Pipeline } from "@/lib/pipelines/model";
import { listPipelines } from "@/lib/pipelines/service";
import domainJa from "@/messages/domain/ja.json";
import { type CsvEncoding, decodeCsv, parseCsv } from "./csv";
import { autoMap, type ImportEntity, type ImportMapping, IMPORT_FIELDS, missingRequiredFields } from "./fields";
import { type PreparedRow, prepareRow, type RowIssue, splitFullName } from "./rows";
import type { ImportOptions, ImportPreview, ImportView } from "./schema";

/**
 * CSV imports: an upload becomes a draft (decoded, its header auto-mapped, a preview of its
 * first rows); starting it queues it for the runner (runner.ts), which imports the rows in
 * batches. Each batch is one transaction and each row a savepoint in it, so a row that fails
 * writes nothing (not even the company it would have created) and the others are kept. What a
 * row creates goes through the same services as the API (createDeal, createCompany,
 * createContact), so numbering, ranks, the read model, stage totals and the audit trail stay
 * right; deals are marked `source: "import"`, `source_type: "api"`. Every transaction says it is
 * an import (`pipeline.change_source`, `pipeline.import_id`), so change events can be batched.
 *
 * Imports are the workspace's: managers see all of them, a rep the ones he started.
 */

type Db = Kysely<Database>;
type ImportRow = Selectable<ImportTable>;
/** An import as read for its view: the stored file left out. */
type ImportState = Omit<ImportRow, "csv">;

const VIEW_COLUMNS = [
  "id", "tenant_id", "entity", "status", "file_name", "encoding", "headers", "mapping", "create_missing", "caller", "total_rows", "processed_rows",
  "created_rows", "failed_rows", "errors", "created_by", "created_at", "started_at", "heartbeat_at", "finished_at", "undone_at", "undone_by",
] as const satisfies readonly (keyof ImportState)[];

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
const PREVIEW_ROWS = 20;
const BATCH_ROWS = 250;
const STORED_ERRORS_MAX = 5_000;
const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

export type ImportCaller = Pick<Caller, "tenantId" | "userId" | "isManager" | "dealVisibility">;

// ---------- reads ----------

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const jsonOf = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

function toView(row: ImportState): ImportView {
  const finished = row.finished_at ? new Date(row.finished_at) : null;
  return {
    id: row.id,
    entity: row.entity,
    status: row.status,
    file_name: row.file_name,
    encoding: row.encoding as CsvEncoding,
    headers: jsonOf(row.headers),
    mapping: jsonOf(row.mapping),
    create_missing: row.create_missing,
    total_rows: row.total_rows,
    processed_rows: row.processed_rows,
    created_rows: row.created_rows,
    failed_rows: row.failed_rows,
    errors: jsonOf(row.errors),
    created_by: row.created_by,
    created_at: iso(row.created_at)!,
    started_at: iso(row.started_at),
    finished_at: iso(finished),
    undone_at: iso(row.undone_at),
    undoable_until: row.status === "completed" && finished ? new Date(finished.getTime() + UNDO_WINDOW_MS).toISOString() : null,
  };
}

/** The imports the caller may see (lib/permissions.ts canSeeImport): the workspace's for a manager, his own for a rep. */
function importsOf(db: Db, caller: ImportCaller) {
  return db
    .selectFrom("imports")
    // Everything but the file, which only the preview and the runner read (and progress is polled).
    .select(VIEW_COLUMNS)
    .where("tenant_id", "=", caller.tenantId)
    .$if(!caller.isManager, (q) => q.where("created_by", "=", caller.userId));
}

async function findImport(db: Db, caller: ImportCaller, id: string): Promise<ImportState> {
  if (!idPattern("import").test(id)) throw notFound("Import");
  const row = await importsOf(db, caller).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Import");
  return row;
}

export async function getImport(db: Db, caller: ImportCaller, id: string): Promise<ImportView> {
  return toView(await findImport(db, caller, id));
}

export async function listImports(db: Db, caller: ImportCaller): Promise<ImportView[]> {
  const rows = await importsOf(db, caller).orderBy("created_at", "desc").orderBy("id", "desc").limit(50).execute();
  return rows.map(toView);
}

/** The failed rows as CSV (UTF-8 with BOM): line, field, reason. */
export async function importErrorsCsv(db: Db, caller: ImportCaller, id: string): Promise<string> {
  const row = await findImport(db, caller, id);
  const errors = jsonOf(row.errors);
  return "\uFEFF" + Papa.unparse({ fields: ["line", "field", "reason"], data: errors.map((e) => [e.line, e.field, e.message]) });
}

// ---------- upload, mapping, preview ----------

function unreadable(message: string): AppError {
  return new AppError(400, "csv_unreadable", message, { errors: [{ field: "(body)", code: "csv_unreadable", message }] });
}

/** A draft import of an uploaded file, with its auto-mapping and a preview. */
export async function createImport(
  db: Db,
  caller: ImportCaller,
  upload: { entity: ImportEntity; fileName?: string; bytes: Uint8Array },
): Promise<{ import: ImportView; preview: ImportPreview }> {
  const { text, encoding } = decodeCsv(upload.bytes);
  const { headers, records } = parseCsv(text);
  if (headers.length === 0) throw unreadable("The file is empty: the first row must name the columns.");
  if (records.length === 0) throw unreadable("The file has a header row but no records.");
  if (records.length > MAX_IMPORT_ROWS) throw unreadable(`At most ${MAX_IMPORT_ROWS} rows can be imported at once; split the file.`);
  const mapping = autoMap(upload.entity, headers);
  const row = await db
    .insertInto("imports")
    .values({
      id: newId("import"),
      tenant_id: caller.tenantId,
      entity: upload.entity,
      status: "draft",
      file_name: upload.fileName ?? null,
      encoding,
      headers: JSON.stringify(headers),
      mapping: JSON.stringify(mapping),
      csv: text,
      caller: JSON.stringify({ userId: caller.userId, isManager: caller.isManager, dealVisibility: caller.dealVisibility }),
      total_rows: records.length,
      errors: "[]",
      created_by: caller.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { import: toView(row), preview: await previewOf(db, caller, row, records.slice(0, PREVIEW_ROWS)) };
}

function assertMappingFits(row: ImportState, mapping: ImportMapping): void {
  const headers = jsonOf(row.headers);
  const allowed = new Set(IMPORT_FIELDS[row.entity].map((f) => f.key));
  const errors: FieldError[] = [];
  if (mapping.length !== headers.length) {
    errors.push({ field: "mapping", code: "invalid", message: `The file has ${headers.length} columns: send one entry per column.` });
  }
  mapping.forEach((key, i) => {
    if (key !== null && !allowed.has(key)) errors.push({ field: `mapping.${i}`, code: "invalid", message: `${row.entity} have no field ${key}.` });
  });
  const seen = new Set<string>();
  mapping.forEach((key, i) => {
    if (key === null) return;
    if (seen.has(key)) errors.push({ field: `mapping.${i}`, code: "invalid", message: `${key} is already mapped to another column.` });
    seen.add(key);
  });
  if (errors.length) throw new AppError(400, "validation_failed", errors.map((e) => e.message).join(" "), { errors });
}

async function updateDraft(db: Db, caller: ImportCaller, id: string, options: ImportOptions): Promise<ImportState> {
  const row = await findImport(db, caller, id);
  if (row.status !== "draft") throw new AppError(409, "import_not_draft", "This import has already started; its mapping can no longer change.");
  if (options.mapping) assertMappingFits(row, options.mapping);
  if (options.mapping === undefined && options.create_missing === undefined) return row;
  return db
    .updateTable("imports")
    .set({
      ...(options.mapping ? { mapping: JSON.stringify(options.mapping) } : {}),
      ...(options.create_missing !== undefined ? { create_missing: options.create_missing } : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", "draft")
    .returning(VIEW_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Changes a draft's mapping or options and previews its first rows with them. */
export async function previewImport(db: Db, caller: ImportCaller, id: string, options: ImportOptions): Promise<{ import: ImportView; preview: ImportPreview }> {
  const row = await updateDraft(db, caller, id, options);
  const file = await db.selectFrom("imports").select("csv").where("id", "=", row.id).executeTakeFirstOrThrow();
  const records = parseCsv(file.csv ?? "").records.slice(0, PREVIEW_ROWS);
  return { import: toView(row), preview: await previewOf(db, caller, row, records) };
}

async function previewOf(db: Db, caller: ImportCaller, row: ImportState, records: { line: number; cells: string[] }[]): Promise<ImportPreview> {
  const mapping = jsonOf(row.mapping);
  const resolver = new References(db, caller, row.create_missing, null);
  const rows = [];
  for (const record of records) {
    const prepared = prepareRow(row.entity, record.cells, mapping);
    const issues = prepared.issues.length ? prepared.issues : (await resolver.check(prepared)).issues;
    const values: Record<string, string> = {};
    mapping.forEach((key, i) => {
      if (key && values[key] === undefined) values[key] = record.cells[i] ?? "";
    });
    rows.push({ line: record.line, values, errors: issues });
  }
  return { rows, missing_fields: missingRequiredFields(row.entity, mapping) };
}

/** Queues a draft (with its final mapping and options); the runner picks it up. */
export async function startImport(db: Db, caller: ImportCaller, id: string, options: ImportOptions): Promise<ImportView> {
  const draft = await updateDraft(db, caller, id, options);
  const missing = missingRequiredFields(draft.entity, jsonOf(draft.mapping));
  if (missing.length) {
    throw new AppError(422, "import_mapping_incomplete", `Map a column to ${missing.join(", ")} before importing.`, {
      errors: missing.map((field) => ({ field: "mapping", code: "required", message: `Map a column to ${field}.` })),
    });
  }
  const row = await db
    .updateTable("imports")
    .set({ status: "queued" })
    .where("id", "=", draft.id)
    .where("status", "=", "draft")
    .returning(VIEW_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AppError(409, "import_not_draft", "This import has already started.");
  return toView(row);
}

// ---------- references: companies, contacts, owners, pipelines and stages by name ----------

const key = (s: string) => s.normalize("NFKC").trim().toLowerCase();

/** The default stages' Japanese names, as the app shows them: a Japanese file names stages so. */
const STAGE_NAMES_JA: Record<string, string> = domainJa.stages;

/**
 * Resolves what rows name, with a cache per import. In a run (`created` given), it creates the
 * missing companies and contacts when the import may; what a failed row created is forgotten with
 * the row or batch (`forget`), since its savepoint is rolled back.
 */
class References {
  private pipelines?: Pipeline[];
  private members?: Member[];
  private companies = new Map<string, string>();
  private contacts = new Map<string, string>();
  private unsaved: Array<[Map<string, string>, string]> = [];

  constructor(
    private readonly db: Db,
    private readonly caller: ImportCaller,
    private readonly createMissing: boolean,
    /** Records created by the current row (null: a preview, which creates nothing). */
    private readonly created: Array<{ kind: "company" | "contact"; id: string }> | null,
  ) {}

  /** Forgets what was created since the last `keep` (its savepoint was rolled back). */
  forget(): void {
    for (const [map, k] of this.unsaved) map.delete(k);
    this.unsaved = [];
  }

  /** What was created since the last `keep` is saved. */
  keep(): void {
    this.unsaved = [];
  }

  private async companyId(trx: Db, name: string, issues: RowIssue[], field: string): Promise<string | null | undefined> {
    const k = key(name);
    const cached = this.companies.get(k);
    if (cached) return cached;
    const found = await trx
      .selectFrom("companies")
      .select("id")
      .where("tenant_id", "=", this.caller.tenantId)
      .where("is_deleted", "=", false)
      .where(sql<string>`lower(name)`, "=", name.trim().toLowerCase())
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst();
    if (found) {
      this.companies.set(k, found.id);
      return found.id;
    }
    if (!this.createMissing) {
      issues.push({ field, message: `No company named "${name}" in this workspace.` });
      return undefined;
    }
    if (!this.created) return null;
    const company = await createCompany(trx, this.caller, { name: name.trim() });
    this.created.push({ kind: "company", id: company.id });
    this.companies.set(k, company.id);
    this.unsaved.push([this.companies, k]);
    return company.id;
  }

  private async contactId(trx: Db, name: string | undefined, email: string | undefined, companyId: string | null | undefined, issues: RowIssue[]): Promise<string | null | undefined> {
    const k = email ? `@${key(email)}` : key(name!);
    const cached = this.contacts.get(k);
    if (cached) return cached;
    let query = trx.selectFrom("contacts").select("id").where("tenant_id", "=", this.caller.tenantId).where("is_deleted", "=", false);
    query = email
      ? query.where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
      : query.where(sql<string>`lower(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))`, "in", [
          key(name!),
          key(name!.split(/[\s\u3000]+/).reverse().join(" ")),
        ]);
    const found = await query.orderBy("created_at").limit(1).executeTakeFirst();
    if (found) {
      this.contacts.set(k, found.id);
      return found.id;
    }
    if (!this.createMissing) {
      issues.push({ field: email ? "contact_email" : "contact", message: `No contact ${email ? `with the address ${email}` : `named "${name}"`} in this workspace.` });
      return undefined;
    }
    if (!this.created) return null;
    const names = name ? splitFullName(name) : { first_name: email!.split("@")[0], last_name: null };
    const contact = await createContact(trx, this.caller, { ...names, email: email ?? null, company_id: companyId ?? null });
    this.created.push({ kind: "contact", id: contact.id });
    this.contacts.set(k, contact.id);
    this.unsaved.push([this.contacts, k]);
    return contact.id;
  }

  /**
   * The create input with its references resolved, or the row's issues. In a preview, a record
   * that would be created resolves to null.
   */
  async check(row: PreparedRow, trx: Db = this.db): Promise<{ issues: RowIssue[]; input?: Record<string, unknown> }> {
    const issues: RowIssue[] = [];
    if (row.entity === "companies") return { issues, input: row.input };
    if (row.entity === "contacts") {
      const input: Record<string, unknown> = { ...row.input };
      if (row.refs.company) input.company_id = await this.companyId(trx, row.refs.company, issues, "company");
      return { issues, input };
    }
    const input: Record<string, unknown> = { ...row.input, source: "import", source_type: "api" };
    const { refs } = row;
    this.pipelines ??= await listPipelines(trx, this.caller);
    const pipeline = refs.pipeline
      ? this.pipelines.find((p) => p.id === refs.pipeline || key(p.name) === key(refs.pipeline!))
      : this.pipelines.find((p) => p.is_default);
    if (!pipeline) issues.push({ field: "pipeline", message: `No pipeline named "${refs.pipeline}".` });
    else {
      input.pipeline_id = pipeline.id;
      if (refs.stage) {
        const wanted = key(refs.stage);
        const stage = pipeline.stages.find((s) => s.id === refs.stage || key(s.name) === wanted || key(STAGE_NAMES_JA[s.id] ?? "") === wanted);
        if (stage) input.stage = stage.id;
        else issues.push({ field: "stage", message: `"${refs.stage}" is not a stage of ${pipeline.name} (${pipeline.stages.map((s) => s.name).join(", ")}).` });
      }
    }
    if (refs.owner) {
      this.members ??= await listTenantMembers(trx, this.caller);
      const owner = this.members.find((m) => key(m.email) === key(refs.owner!) || key(m.name) === key(refs.owner!));
      if (owner) input.assigned_member_id = owner.id;
      else issues.push({ field: "owner", message: `No member of this workspace is named or has the address "${refs.owner}".` });
    }
    if (issues.length) return { issues };
    let companyId: string | null | undefined;
    if (refs.company) {
      companyId = await this.companyId(trx, refs.company, issues, "company");
      if (companyId) input.company_id = companyId;
    }
    if (refs.contact || refs.contact_email) {
      const contactId = await this.contactId(trx, refs.contact, refs.contact_email, companyId, issues);
      if (contactId) input.contact_id = contactId;
    }
    return { issues, input };
  }
}

// ---------- running ----------

/** The services' field names, as the import's fields. */
const IMPORT_FIELD_OF: Record<string, string> = {
  company_id: "company",
  contact_id: "contact",
  assigned_member_id: "owner",
  pipeline_id: "pipeline",
};

/** A row's failure as its issues; null for a failure that is not the row's (the database is gone): the import stops. */
function rowIssuesOf(error: unknown): RowIssue[] | null {
  if (error instanceof AppError) {
    const fields = error.extra.errors ?? [];
    return fields.length
      ? fields.map((e) => ({ field: IMPORT_FIELD_OF[e.field] ?? e.field, message: e.message }))
      : [{ field: "row", message: error.message }];
  }
  if (error instanceof z.ZodError) return error.issues.map((i) => ({ field: String(i.path[0] ?? "row"), message: i.message }));
  const code = (error as { code?: string } | null)?.code;
  // Data exceptions and integrity violations (22xxx, 23xxx) are the row's.
  if (typeof code === "string" && /^2[23]/.test(code)) return [{ field: "row", message: (error as Error).message }];
  return null;
}

/** Marks the current transaction as an import's, for whatever reacts to changes (change events). */
async function markImportTransaction(trx: Db, importId: string): Promise<void> {
  await sql`select set_config('pipeline.change_source', 'import', true), set_config('pipeline.import_id', ${importId}, true)`.execute(trx);
}

const STALE_HEARTBEAT = sql`interval '2 minutes'`;

/**
 * Claims a queued import (or one whose runner stopped beating) and runs it to the end. Safe to
 * call from any instance at any time: only one claims it.
 */
export async function runImport(db: Db, id: string): Promise<void> {
  const claimed = await db
    .updateTable("imports")
    .set({ status: "running", started_at: sql`coalesce(started_at, now())`, heartbeat_at: sql`now()` })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("heartbeat_at", "<", sql<Date>`now() - ${STALE_HEARTBEAT}`)])]))
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return;
  try {
    await runClaimed(db, claimed);
  } catch (error) {
    console.error(`import ${id} failed`, error);
    await db
      .updateTable("imports")
      .set({ status: "failed", finished_at: sql`now()`, csv: null })
      .where("id", "=", id)
      .execute();
  }
}

type Created = { kind: "deal" | "company" | "contact"; id: string; line: number };
type BatchResult = { created: Created[]; errors: ImportRowError[]; failedRows: number };
type RecordLine = { line: number; cells: string[] };

interface BatchContext {
  trx: Db;
  caller: DealCaller;
  entity: ImportEntity;
  mapping: ImportMapping;
  refs: References;
  /** What `refs` created since it was last cleared. */
  refsCreated: Array<{ kind: "company" | "contact"; id: string }>;
}

const issuesAt = (line: number, issues: RowIssue[]): ImportRowError[] => issues.map((i) => ({ line, field: i.field, message: i.message }));

/**
 * A batch of deals the quick way: every row checked and its references resolved (creating the
 * missing companies and contacts), then all its deals created by one bulk insert. Returns null,
 * having written nothing, when the bulk insert refuses (a stage rule, a reference gone
 * meanwhile): the batch then goes row by row to find the rows at fault.
 */
async function dealBatchInBulk(ctx: BatchContext, batch: readonly RecordLine[]): Promise<BatchResult | null> {
  const { trx, refs, refsCreated } = ctx;
  const result: BatchResult = { created: [], errors: [], failedRows: 0 };
  const ready: Array<{ line: number; input: Record<string, unknown>; made: Created[] }> = [];
  await sql`savepoint import_batch`.execute(trx);
  try {
    for (const record of batch) {
      refsCreated.length = 0;
      const prepared = prepareRow(ctx.entity, record.cells, ctx.mapping);
      const checked = prepared.issues.length ? { issues: prepared.issues } : await refs.check(prepared, trx);
      if (checked.issues.length) {
        result.failedRows++;
        result.errors.push(...issuesAt(record.line, checked.issues));
      } else {
        ready.push({ line: record.line, input: checked.input!, made: refsCreated.map((c) => ({ ...c, line: record.line })) });
      }
    }
    const ids = await createDealsInBulk(trx, ctx.caller, ready.map((r) => r.input as DealCreateInput));
    ready.forEach((r, i) => result.created.push(...r.made, { kind: "deal", id: ids[i], line: r.line }));
    await sql`release savepoint import_batch`.execute(trx);
    refs.keep();
    return result;
  } catch (error) {
    if (!rowIssuesOf(error)) throw error;
    await sql`rollback to savepoint import_batch`.execute(trx);
    refs.forget();
    return null;
  }
}

/** A batch row by row, each row in a savepoint: a row that fails leaves nothing behind. */
async function batchRowByRow(ctx: BatchContext, batch: readonly RecordLine[]): Promise<BatchResult> {
  const { trx, refs, refsCreated } = ctx;
  const result: BatchResult = { created: [], errors: [], failedRows: 0 };
  for (const record of batch) {
    refsCreated.length = 0;
    const prepared = prepareRow(ctx.entity, record.cells, ctx.mapping);
    let issues = prepared.issues;
    if (!issues.length) {
      await sql`savepoint import_row`.execute(trx);
      try {
        const checked = await refs.check(prepared, trx);
        issues = checked.issues;
        if (!issues.length) {
          const id = await createRecord(trx, ctx.caller, ctx.entity, checked.input!);
          result.created.push(...refsCreated.map((c) => ({ ...c, line: record.line })), { kind: KIND_OF[ctx.entity], id, line: record.line });
        }
      } catch (error) {
        const rowIssues = rowIssuesOf(error);
        if (!rowIssues) throw error;
        issues = rowIssues;
      }
      if (issues.length) {
        await sql`rollback to savepoint import_row`.execute(trx);
        refs.forget();
        result.created = result.created.filter((c) => c.line !== record.line);
      } else {
        await sql`release savepoint import_row`.execute(trx);
        refs.keep();
      }
    }
    if (issues.length) {
      result.failedRows++;
      result.errors.push(...issuesAt(record.line, issues));
    }
  }
  return result;
}

async function runClaimed(db: Db, row: ImportRow): Promise<void> {
  const stored = jsonOf(row.caller);
  const caller: DealCaller = { tenantId: row.tenant_id, ...stored, apiKey: null, appId: null, appScope: null };
  const mapping = jsonOf(row.mapping);
  const records = parseCsv(row.csv ?? "").records;
  const refsCreated: Array<{ kind: "company" | "contact"; id: string }> = [];
  const refs = new References(db, caller, row.create_missing, refsCreated);

  for (let start = row.processed_rows; start < records.length; start += BATCH_ROWS) {
    const batch = records.slice(start, start + BATCH_ROWS);
    await db.transaction().execute(async (trx) => {
      await markImportTransaction(trx, row.id);
      const ctx: BatchContext = { trx, caller, entity: row.entity, mapping, refs, refsCreated };
      const { created, errors, failedRows } = (row.entity === "deals" ? await dealBatchInBulk(ctx, batch) : null) ?? (await batchRowByRow(ctx, batch));
      if (created.length) {
        await trx
          .insertInto("import_records")
          .values(created.map((c) => ({ import_id: row.id, tenant_id: row.tenant_id, kind: c.kind, record_id: c.id, line: c.line })))
          .execute();
      }
      const createdRows = batch.length - failedRows;
      await trx
        .updateTable("imports")
        .set({
          processed_rows: start + batch.length,
          created_rows: sql`created_rows + ${createdRows}`,
          failed_rows: sql`failed_rows + ${failedRows}`,
          // The stored list is capped; the counts stay exact.
          errors: sql`case when jsonb_array_length(errors) < ${STORED_ERRORS_MAX} then errors || ${JSON.stringify(errors)}::jsonb else errors end`,
          heartbeat_at: sql`now()`,
        })
        .where("id", "=", row.id)
        .execute();
    });
  }
  await db
    .updateTable("imports")
    .set({ status: "completed", finished_at: sql`now()`, csv: null })
    .where("id", "=", row.id)
    .execute();
}

const KIND_OF = { deals: "deal", companies: "company", contacts: "contact" } as const;

async function createRecord(trx: Db, caller: DealCaller, entity: ImportEntity, input: Record<string, unknown>): Promise<string> {
  if (entity === "deals") return (await createDeal(trx, caller, input as Parameters<typeof createDeal>[2])).id;
  if (entity === "companies") return (await createCompany(trx, caller, input as Parameters<typeof createCompany>[2])).id;
  return (await createContact(trx, caller, input as Parameters<typeof createContact>[2])).id;
}

// ---------- undo ----------

/**
 * Moves everything the import created to the trash, in one transaction: its deals (with a
 * `deleted` activity each, as a delete from the record page writes), then its contacts and
 * companies. Records someone deleted meanwhile stay as they are. The importer and managers may
 * undo, within a day of the import finishing.
 */
export async function undoImport(db: Db, caller: ImportCaller, id: string): Promise<ImportView> {
  const row = await findImport(db, caller, id);
  if (!canUndoImport(caller, row)) throw forbidden("Only the person who imported the file or a manager can undo it.");
  const finished = row.finished_at ? new Date(row.finished_at).getTime() : null;
  if (row.status !== "completed" || finished === null || Date.now() - finished > UNDO_WINDOW_MS) {
    throw new AppError(409, "import_not_undoable", "Only an import that finished less than a day ago can be undone, once.");
  }
  return db.transaction().execute(async (trx) => {
    await markImportTransaction(trx, row.id);
    const undone = await trx
      .updateTable("imports")
      .set({ status: "undone", undone_at: sql`now()`, undone_by: caller.userId })
      .where("id", "=", row.id)
      .where("status", "=", "completed")
      .returning(VIEW_COLUMNS)
      .executeTakeFirst();
    if (!undone) throw new AppError(409, "import_not_undoable", "This import was undone already.");
    const now = new Date();
    const ofKind = (kind: "deal" | "company" | "contact") =>
      trx.selectFrom("import_records").select("record_id").where("import_id", "=", row.id).where("kind", "=", kind);
    const deals = await trx
      .updateTable("deals")
      .set({ is_deleted: true, deleted_at: now, deleted_by: caller.userId, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
      .where("tenant_id", "=", row.tenant_id)
      .where("is_deleted", "=", false)
      .where("id", "in", ofKind("deal"))
      .returning("id")
      .execute();
    for (let i = 0; i < deals.length; i += 500) {
      await trx
        .insertInto("deal_activities")
        .values(deals.slice(i, i + 500).map((d) => activityRow({ tenantId: row.tenant_id, dealId: d.id, type: "deleted", at: now, createdBy: caller.userId, sourceType: "api" })))
        .execute();
    }
    for (const [table, kind] of [["contacts", "contact"], ["companies", "company"]] as const) {
      await trx
        .updateTable(table)
        .set({ is_deleted: true, deleted_at: now, deleted_by: caller.userId, updated_at: now, updated_by: caller.userId, version: sql<number>`version + 1` })
        .where("tenant_id", "=", row.tenant_id)
        .where("is_deleted", "=", false)
        .where("id", "in", ofKind(kind))
        .execute();
    }
    return toView(undone);
  });
}
