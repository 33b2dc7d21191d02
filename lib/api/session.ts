import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Expression, type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "@/db/tables";
import { getDb } from "@/lib/db";
import { executePrepared } from "@/lib/db-prepared";
import { type FixedStatement, fixedStatement } from "@/lib/db-template";
import { env } from "@/lib/env";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { DEFAULT_DEAL_VISIBILITY, type DealVisibility, isManagerRole, MANAGER_ROLES } from "@/lib/permissions";
import { type CallerRefs, callerRefsOf } from "./caller-refs";
import { hashApiKeySecret, isWellFormedApiKey, looksLikeApiKey, sameHash } from "@/lib/api-keys/secret";
import { AppError, unauthorized } from "./errors";

/**
 * Resolving the caller on every API request.
 *
 * better-auth's `getSession` costs several queries and a full endpoint pipeline per call
 * (about 430 req/s on this machine against 1,760 for a bare route). The API only needs
 * "which user, which tenant, which role", so it verifies the signed token itself (the same
 * HMAC better-auth uses for its cookie) and reads session + user + membership in ONE indexed
 * query. The session row stays the source of truth: a signed-out (deleted) or expired session
 * stops working on the very next request; nothing is cached.
 *
 * An integration's API key (`Authorization: Bearer pipeline_sk_…`, lib/api-keys/) is resolved
 * the same way: its SHA-256 finds the key by a unique index, joined to its creator's membership
 * of the key's workspace, in one statement; a revoked or expired key, or one whose creator is no
 * longer a manager there, matches nothing (docs/decisions/009-api-keys.md).
 */

const SESSION_COOKIE = "better-auth.session_token";
const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

export interface Caller {
  userId: string;
  userName: string;
  userEmail: string;
  /** Whether the user confirmed their address (the link mailed at sign-up). */
  emailVerified: boolean;
  /** The language the person chose for the UI and their mail (null: their browser's). */
  locale: Locale | null;
  tenantId: string;
  tenantName: string;
  role: string;
  isManager: boolean;
  /** The workspace's deal visibility setting (lib/permissions.ts). */
  dealVisibility: DealVisibility;
  via: "cookie" | "bearer" | "api_key";
  /** The API key the request came with; null for a person's session. */
  apiKey: ApiKeyRef | null;
  /** The application every record this caller writes is stamped with (`app_id`); null for a person. */
  appId: string | null;
  /** For an application-scoped key: the only `app_id` whose records it reads. */
  appScope: string | null;
}

/** The key behind an integration's request, as writes record it ("via <key name>"). */
export interface ApiKeyRef {
  id: string;
  name: string;
  access: "read" | "read_write";
  scope: "workspace" | "application";
}

export type CallerResult =
  | { ok: true; caller: Caller }
  | { ok: false; reason: "no_credentials" | "invalid_token" | "no_active_tenant" };

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const toStd = (b64: string) => b64.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");

/**
 * Signed tokens already checked against the app's secret, with what the check returned. The
 * check is a pure function of the two, and an API client sends the same token on every request:
 * the HMAC was about 25 µs of each (docs/benchmarks.md#signed-token-cache). Whether the session is
 * still live is never remembered here; the caller lookup asks the database on every request.
 */
const checkedTokens = new Map<string, string | null>();
const MAX_CHECKED_TOKENS = 10_000;

/** Returns the raw session token if `signed` is `token.signature` with a valid HMAC, else null. */
export function verifySignedToken(signed: string, secret = env.BETTER_AUTH_SECRET): string | null {
  if (secret !== env.BETTER_AUTH_SECRET) return checkSignedToken(signed, secret);
  let token = checkedTokens.get(signed);
  if (token === undefined) {
    token = checkSignedToken(signed, secret);
    if (checkedTokens.size >= MAX_CHECKED_TOKENS) checkedTokens.clear();
    checkedTokens.set(signed, token);
  }
  return token;
}

function checkSignedToken(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const token = signed.slice(0, dot);
  const given = Buffer.from(toStd(signed.slice(dot + 1)), "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return token;
}

/** Extracts the session token from `Authorization: Bearer` or the session cookie. */
export function extractToken(headers: Headers): Credentials | "invalid" | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
    if (!match) return "invalid";
    const raw = safeDecode(match[1].trim());
    // An API key travels as its hash from here on: the lookup compares hashes only.
    if (looksLikeApiKey(raw)) return isWellFormedApiKey(raw) ? { token: hashApiKeySecret(raw), via: "api_key" } : "invalid";
    // The bearer plugin accepts the signed form (from `set-auth-token`) and the raw token.
    if (raw.includes(".")) {
      const token = verifySignedToken(raw);
      return token ? { token, via: "bearer" } : "invalid";
    }
    return raw.length >= 16 && raw.length <= 256 ? { token: raw, via: "bearer" } : "invalid";
  }
  const cookieHeader = headers.get("cookie");
  const cookie = readCookie(cookieHeader, SESSION_COOKIE) ?? readCookie(cookieHeader, SECURE_SESSION_COOKIE);
  if (!cookie) return null;
  const token = verifySignedToken(safeDecode(cookie));
  return token ? { token, via: "cookie" } : "invalid";
}

export async function resolveCaller(headers: Headers): Promise<CallerResult> {
  const extracted = extractToken(headers);
  if (extracted === null) return { ok: false, reason: "no_credentials" };
  if (extracted === "invalid") return { ok: false, reason: "invalid_token" };
  return lookupCaller(extracted);
}

/** A request's credentials: a session token (cookie or Bearer), or an API key's hash. */
export type Credentials = { token: string; via: "cookie" | "bearer" | "api_key" };

/**
 * Whether a member's role (better-auth stores several comma-separated) is a manager's: the SQL twin
 * of `isManagerRole`, built from the same list of roles.
 */
const managerRoleSql = (role: Expression<string | null>) =>
  sql<boolean>`coalesce(string_to_array(replace(${role}, ' ', ''), ',') && ${sql.val([...MANAGER_ROLES])}::text[], false)`;

/**
 * The caller lookup: the session by its unique token (not expired) → its user → the user's
 * membership of the session's active organization → that organization and its settings (by
 * primary key). Columns are prefixed `caller_` so the row can sit beside any read's columns in
 * one statement (`readAsCaller`). `caller_sees_all_deals` is `seesAllDeals` of lib/permissions.ts
 * in SQL, for reads that filter by it in the same statement.
 */
function callerLookup(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("session as s")
    .innerJoin("user as u", "u.id", "s.userId")
    .leftJoin("member as m", (join) => join.onRef("m.organizationId", "=", "s.activeOrganizationId").onRef("m.userId", "=", "s.userId"))
    .leftJoin("organization as o", "o.id", "m.organizationId")
    .leftJoin("workspace_settings as ws", "ws.tenant_id", "m.organizationId")
    .select([
      "s.userId as caller_user_id",
      "u.name as caller_user_name",
      "u.email as caller_user_email",
      "u.emailVerified as caller_email_verified",
      "u.locale as caller_locale",
      "m.organizationId as caller_tenant_id",
      "o.name as caller_tenant_name",
      "m.role as caller_role",
      "ws.deal_visibility as caller_deal_visibility",
      sql<boolean>`(coalesce(ws.deal_visibility, ${DEFAULT_DEAL_VISIBILITY}) = 'all' or ${managerRoleSql(sql.ref("m.role"))})`.as(
        "caller_sees_all_deals",
      ),
    ])
    .where("s.token", "=", token)
    .where("s.expiresAt", ">", sql<Date>`now()`);
}

/**
 * The caller lookup for an API key: the key by its hash's unique index (not revoked, not expired)
 * → its creator's membership of the key's workspace, which must still be a manager's → that
 * workspace and its settings. The same `caller_` columns as a session's, and the key's own.
 * A workspace-scoped key sees every deal, as a manager does; an application-scoped one only its
 * application's records (`caller_app_scope`).
 */
function keyLookup(db: Kysely<Database>, keyHash: string) {
  return db
    .selectFrom("api_keys as k")
    .innerJoin("member as m", (join) => join.onRef("m.organizationId", "=", "k.tenant_id").onRef("m.userId", "=", "k.created_by"))
    .innerJoin("user as u", "u.id", "k.created_by")
    .innerJoin("organization as o", "o.id", "k.tenant_id")
    .leftJoin("workspace_settings as ws", "ws.tenant_id", "k.tenant_id")
    .select([
      "k.created_by as caller_user_id",
      "u.name as caller_user_name",
      "u.email as caller_user_email",
      "u.emailVerified as caller_email_verified",
      "u.locale as caller_locale",
      "k.tenant_id as caller_tenant_id",
      "o.name as caller_tenant_name",
      "m.role as caller_role",
      "ws.deal_visibility as caller_deal_visibility",
      sql<boolean>`k.scope = 'workspace'`.as("caller_sees_all_deals"),
      sql<string | null>`case when k.scope = 'application' then k.app_id end`.as("caller_app_scope"),
      "k.id as caller_key_id",
      "k.name as caller_key_name",
      "k.key_hash as caller_key_hash",
      "k.access as caller_key_access",
      "k.scope as caller_key_scope",
      "k.app_id as caller_app_id",
      "k.last_used_at as caller_key_last_used_at",
    ])
    .where("k.key_hash", "=", keyHash)
    .where("k.revoked_at", "is", null)
    .where(sql<boolean>`(k.expires_at is null or k.expires_at > now())`)
    .where(managerRoleSql(sql.ref("m.role")));
}

type KeyColumns = {
  caller_key_id: string;
  caller_key_name: string;
  caller_key_hash: string;
  caller_key_access: "read" | "read_write";
  caller_key_scope: "workspace" | "application";
  caller_app_id: string;
  caller_app_scope: string | null;
  caller_key_last_used_at: Date | string | null;
};

type CallerColumns = {
  caller_user_id: string;
  caller_user_name: string;
  caller_user_email: string;
  caller_email_verified: boolean;
  caller_locale: string | null;
  caller_tenant_id: string | null;
  caller_tenant_name: string | null;
  caller_role: string | null;
  caller_deal_visibility: string | null;
  caller_sees_all_deals: boolean | null;
};

function toCallerResult(row: (CallerColumns & Partial<KeyColumns>) | undefined, credentials: Credentials): CallerResult {
  if (!row) return { ok: false, reason: "invalid_token" };
  if (!row.caller_tenant_id || !row.caller_role) return { ok: false, reason: "no_active_tenant" };
  const via = credentials.via;
  let apiKey: ApiKeyRef | null = null;
  if (via === "api_key") {
    if (!row.caller_key_id || !row.caller_key_hash || !sameHash(row.caller_key_hash, credentials.token)) return { ok: false, reason: "invalid_token" };
    apiKey = { id: row.caller_key_id, name: row.caller_key_name!, access: row.caller_key_access!, scope: row.caller_key_scope! };
  }
  return {
    ok: true,
    caller: {
      userId: row.caller_user_id,
      userName: row.caller_user_name,
      userEmail: row.caller_user_email,
      emailVerified: row.caller_email_verified === true,
      locale: isLocale(row.caller_locale) ? row.caller_locale : null,
      tenantId: row.caller_tenant_id,
      tenantName: row.caller_tenant_name ?? "",
      role: row.caller_role,
      isManager: isManagerRole(row.caller_role),
      dealVisibility: row.caller_deal_visibility === "own" ? "own" : DEFAULT_DEAL_VISIBILITY,
      via,
      apiKey,
      appId: apiKey ? row.caller_app_id! : null,
      appScope: apiKey?.scope === "application" ? row.caller_app_id! : null,
    },
  };
}

// Named prepared statements on PostgreSQL, compiled once: one of them runs on most requests.
const callerByToken = fixedStatement((db, token: string) => callerLookup(db, token));
const callerByKey = fixedStatement((db, keyHash: string) => keyLookup(db, keyHash));

/** How stale a key's `last_used_at` may get: it is written at most this often, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The caller for credentials already extracted from a request: one statement. */
export async function lookupCaller(credentials: Credentials): Promise<CallerResult> {
  if (credentials.via === "api_key") {
    const db = getDb();
    const [row] = await callerByKey.execute(db, credentials.token);
    const result = toCallerResult(row, credentials);
    if (result.ok) await noteKeyUse(db, row);
    return result;
  }
  const [row] = await callerByToken.execute(getDb(), credentials.token);
  return toCallerResult(row, credentials);
}

/** Records that a key was used, when its `last_used_at` is older than the resolution: at most one write a minute per key. */
async function noteKeyUse(db: Kysely<Database>, row: Partial<KeyColumns> | undefined): Promise<void> {
  if (!row?.caller_key_id) return;
  const at = row.caller_key_last_used_at ?? null;
  if (at !== null && Date.now() - new Date(at).getTime() < LAST_USED_RESOLUTION_MS) return;
  await db
    .updateTable("api_keys")
    .set({ last_used_at: sql<Date>`now()` })
    .where("id", "=", row.caller_key_id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", new Date(Date.now() - LAST_USED_RESOLUTION_MS))]))
    .execute();
}

/**
 * The caller's tenant, user and deal visibility for a read scoped to them: SQL expressions
 * referring to the lookup's columns when the read runs beside the lookup, values when the caller
 * was resolved first (an API key's request).
 */
export type { CallerRefs };


/**
 * The caller lookup and a read scoped to that caller in ONE statement, so the request costs one
 * round trip instead of two (docs/benchmarks.md#caller-in-first-statement). `read` gets the caller's tenant
 * and user as references to the lookup's columns and returns a select; it is joined LATERAL to
 * the lookup's one row, so its rows come back in its own order, each beside the caller's columns.
 *
 * The lookup is the same as `lookupCaller`'s: nothing is cached, and a signed-out token matches
 * no session row, so the read (scoped to a null tenant) matches nothing either.
 */
export async function readAsCaller<O>(
  db: Kysely<Database>,
  credentials: Credentials,
  read: (who: CallerRefs) => SelectQueryBuilder<Database, any, O>,
  options: { prepared: boolean },
): Promise<{ result: CallerResult; rows: O[] }> {
  if (credentials.via === "api_key") return readAfterLookup(db, credentials, (who) => read(who), options.prepared);
  const query = besideLookup(db, callerLookup(db, credentials.token), read(CALLER_REFS));
  const found = options.prepared ? await executePrepared(db, query) : await query.execute();
  return settleCallerRead(db, found, credentials);
}

/**
 * An API key's read after its lookup, with the key's scope as values: for reads whose plan would
 * suffer from the application condition on the lookup's column (a list page ordered by an index
 * must not meet an OR on `app_id`; keys are few next to sessions, so they pay the round trip).
 */
async function readAfterLookup<O>(
  db: Kysely<Database>,
  credentials: Credentials,
  read: (who: CallerRefs) => SelectQueryBuilder<Database, any, O>,
  prepared: boolean,
): Promise<{ result: CallerResult; rows: O[] }> {
  const result = await lookupCaller(credentials);
  if (!result.ok) return { result, rows: [] };
  const query = read(callerRefsOf(result.caller));
  return { result, rows: prepared ? await executePrepared(db, query) : await query.execute() };
}

const CALLER_REFS: CallerRefs = {
  tenantId: sql.ref<string>("c.caller_tenant_id"),
  userId: sql.ref<string>("c.caller_user_id"),
  seesAllDeals: sql.ref<boolean>("c.caller_sees_all_deals"),
};

/** An API key's lookup has the same columns, and the application an application-scoped key is confined to. */
const KEY_REFS: CallerRefs = { ...CALLER_REFS, appScope: sql.ref<string | null>("c.caller_app_scope") };

type CallerReadRow<O> = CallerColumns & Partial<KeyColumns> & { caller_read_row: boolean | null } & O;

/** A caller lookup (a session's or a key's) with a read laterally joined to it (see `readAsCaller`). */
function besideLookup<O>(db: Kysely<Database>, lookup: SelectQueryBuilder<Database, any, object>, read: SelectQueryBuilder<Database, any, O>) {
  const inner = read.select(sql<boolean>`true`.as("caller_read_row"));
  return db
    .selectFrom(lookup.as("c"))
    .leftJoinLateral(inner.as("r"), (join) => join.onTrue())
    .selectAll() as unknown as SelectQueryBuilder<Database, any, CallerReadRow<O>>;
}

async function settleCallerRead<O>(db: Kysely<Database>, found: CallerReadRow<O>[], credentials: Credentials): Promise<{ result: CallerResult; rows: O[] }> {
  const result = toCallerResult(found[0], credentials);
  if (!result.ok) return { result, rows: [] };
  if (credentials.via === "api_key") await noteKeyUse(db, found[0]);
  // Each row keeps the lookup's `caller_` columns beside the read's: the serializers pick the
  // fields they answer with, and copying every row without them (an object rest per row) was
  // 2.5% of the server's CPU on a 50-deal list page (docs/benchmarks.md#caller-in-first-statement).
  const rows = found.filter((row) => row.caller_read_row) as unknown as O[];
  return { result, rows };
}

/** `readAsCaller` for a read whose text never depends on its inputs: compiled once (lib/db-template.ts), always prepared. */
export interface CallerRead<A extends string[], O> {
  /** Beside a session's lookup. */
  session: FixedStatement<[token: string, ...args: A], CallerReadRow<O>>;
  /** Beside an API key's lookup (by the key's hash); absent when a key's read runs after its lookup. */
  key: FixedStatement<[keyHash: string, ...args: A], CallerReadRow<O>> | null;
  read: (db: Kysely<Database>, who: CallerRefs, ...args: A) => SelectQueryBuilder<Database, any, O>;
}

/**
 * `keysBeside: false` for reads that an API key runs after its lookup (see `readAfterLookup`):
 * reads by primary key (a deal by id) gain from the single statement, an ordered page loses its
 * index to the application condition.
 */
export function callerRead<A extends string[], O>(
  read: (db: Kysely<Database>, who: CallerRefs, ...args: A) => SelectQueryBuilder<Database, any, O>,
  options: { keysBeside: boolean } = { keysBeside: true },
): CallerRead<A, O> {
  return {
    session: fixedStatement((db, token: string, ...args: A) => besideLookup(db, callerLookup(db, token), read(db, CALLER_REFS, ...args))),
    key: options.keysBeside ? fixedStatement((db, keyHash: string, ...args: A) => besideLookup(db, keyLookup(db, keyHash), read(db, KEY_REFS, ...args))) : null,
    read,
  };
}

/**
 * A request's credentials whose session is not looked up yet. Either `resolve()` looks it up on
 * its own, or `read()` looks it up in the same statement as a read scoped to it (one round trip
 * instead of two). Both throw 401/403 like `withApi` does.
 */
export class PendingCaller {
  private result: CallerResult | undefined;
  constructor(readonly credentials: Credentials) {}

  /** Whether the session has been looked up (whatever it found). */
  get checked(): boolean {
    return this.result !== undefined;
  }

  async resolve(): Promise<Caller> {
    this.result ??= await lookupCaller(this.credentials);
    return callerOrThrow(this.result);
  }

  async read<O>(
    db: Kysely<Database>,
    read: (who: CallerRefs) => SelectQueryBuilder<Database, any, O>,
    options: { prepared: boolean },
  ): Promise<{ caller: Caller; rows: O[] }> {
    return this.settle(await readAsCaller(db, this.credentials, read, options));
  }

  /** `read` with a fixed statement (`callerRead`): the same answer, without building the statement each time. */
  async readFixed<A extends string[], O>(db: Kysely<Database>, statement: CallerRead<A, O>, ...args: A): Promise<{ caller: Caller; rows: O[] }> {
    if (this.credentials.via === "api_key" && !statement.key) {
      return this.settle(await readAfterLookup(db, this.credentials, (who) => statement.read(db, who, ...args), true));
    }
    const fixed = this.credentials.via === "api_key" ? statement.key! : statement.session;
    const found = await fixed.execute(db, this.credentials.token, ...args);
    return this.settle(await settleCallerRead(db, found, this.credentials));
  }

  private settle<O>({ result, rows }: { result: CallerResult; rows: O[] }): { caller: Caller; rows: O[] } {
    this.result = result;
    return { caller: callerOrThrow(result), rows };
  }
}

function callerOrThrow(result: CallerResult): Caller {
  if (result.ok) return result.caller;
  throw refusal(result.reason);
}

/** The API's answer to a request without a usable session: 401, or 403 without a workspace. */
export function refusal(reason: Extract<CallerResult, { ok: false }>["reason"]): AppError {
  if (reason === "no_active_tenant") {
    return new AppError(403, "no_active_tenant", "Your session has no active workspace. Sign in again or accept an invitation.");
  }
  return unauthorized(reason === "invalid_token" ? "The session or token is invalid or has expired." : undefined);
}
