import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "@/db/migrate";
import type { Stage } from "@/lib/deals/stages";
import { DEFAULT_PIPELINE_STAGES, openStages } from "@/lib/pipelines/model";
import { loadTenant } from "./seed";

/**
 * The benchmark's own database: created on DATABASE_URL's server, migrated, and loaded with a
 * tenant of `deals` deals (plus companies, contacts, activities) and a second tenant with 5,000
 * open deals for the browser figures. Users sign up through the running app (better-auth), so
 * their sessions and tokens are real.
 */

export const RESULTS_DIR = path.resolve(import.meta.dirname, "results");

interface BenchUser {
  email: string;
  password: string;
  userId: string;
  tenantId: string;
  /** `set-auth-token` (signed), for Authorization: Bearer. */
  token: string;
  /** The session cookie's value. */
  cookie: string;
}

export interface BenchState {
  database: string;
  deals: number;
  loadedAt: string;
  loadSeconds: number;
  owner: BenchUser;
  repIds: string[];
  browser: BenchUser;
  browserDeals: number;
  /** Proposed schema changes applied on top of the migrations (--apply-sql). */
  appliedSql?: string[];
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function databaseExists(baseUrl: string, name: string): Promise<boolean> {
  return admin(baseUrl, async (c) => (await c.query(`select 1 from pg_database where datname = $1`, [name])).rowCount === 1);
}

export async function createMigratedDatabase(baseUrl: string, name: string): Promise<string> {
  await admin(baseUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  const url = withDatabase(baseUrl, name);
  await migrateDatabase(url);
  return url;
}

/** Applies pending migrations (a reused benchmark database catches up with new ones). */
export async function migrateDatabase(url: string, log?: (line: string) => void): Promise<void> {
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    await migrateToLatest(db, log);
  } finally {
    await db.destroy();
  }
}

async function signUpOverHttp(appUrl: string, email: string, name: string, password = "bench-password-123"): Promise<BenchUser> {
  const res = await fetch(`${appUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ email, password, name }),
  });
  if (res.status !== 200) throw new Error(`sign-up ${email}: ${res.status} ${await res.text()}`);
  const token = res.headers.get("set-auth-token")!;
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!;
  const me = (await (await fetch(`${appUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    user: { id: string };
    tenant: { id: string };
  };
  return { email, password, userId: me.user.id, tenantId: me.tenant.id, token, cookie: cookie.split(";")[0].split("=").slice(1).join("=") };
}

/** Signs up the owner, two reps (joined to the owner's tenant) and the browser user, then bulk-loads. */
export async function loadBenchData(
  appUrl: string,
  databaseUrl: string,
  deals: number,
  log: (line: string) => void,
): Promise<BenchState> {
  const started = Date.now();
  const suffix = Date.now().toString(36);
  const owner = await signUpOverHttp(appUrl, `owner-${suffix}@bench.test`, "Bench Owner");
  const reps = [
    await signUpOverHttp(appUrl, `rep1-${suffix}@bench.test`, "Haruto Suzuki"),
    await signUpOverHttp(appUrl, `rep2-${suffix}@bench.test`, "Olivia Brown"),
  ];
  const browser = await signUpOverHttp(appUrl, `board-${suffix}@bench.test`, "Board Viewer");

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const client = await pool.connect();
  try {
    for (const rep of reps) {
      await client.query(`insert into member (id, "organizationId", "userId", role, "createdAt") values ($1, $2, $3, 'member', now())`, [
        `mem_${rep.userId.slice(4)}`,
        owner.tenantId,
        rep.userId,
      ]);
    }
    const stages: Array<[Stage, number]> = [
      ["lead", 30], ["qualification", 20], ["proposal", 15], ["negotiation", 10], ["closed_won", 15], ["closed_lost", 10],
    ];
    log(`loading ${deals.toLocaleString("en")} deals for the benchmark tenant…`);
    await loadTenant(client, {
      tenantId: owner.tenantId,
      ownerIds: [owner.userId, ...reps.map((r) => r.userId)],
      deals,
      stages,
      // Half the deals in the default pipeline (the one the scenarios read and move), the rest in two more.
      extraPipelines: [
        { name: "Renewals", share: 0.25 },
        { name: "Partners", share: 0.25 },
      ],
      companies: Math.max(400, Math.round(deals / 50)),
      contacts: Math.max(1000, Math.round(deals / 20)),
      notesPerDeal: 0.5,
      seed: 1,
      spanDays: 3 * 365,
      log,
    });
    log(`loading 5,000 open deals for the browser tenant…`);
    await loadTenant(client, {
      tenantId: browser.tenantId,
      ownerIds: [browser.userId],
      deals: 5_000,
      stages: openStages(DEFAULT_PIPELINE_STAGES).map((s) => [s.id, 1] as [Stage, number]),
      companies: 100,
      contacts: 300,
      notesPerDeal: 0,
      seed: 2,
      spanDays: 365,
      log,
    });
    log("vacuum analyze…");
    const tables = await client.query<{ name: string }>(
      `select relname as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace order by 1`,
    );
    for (const { name } of tables.rows) await client.query(`vacuum (analyze) "${name}"`);
  } finally {
    client.release();
    await pool.end();
  }
  return {
    database: new URL(databaseUrl).pathname.slice(1),
    deals,
    loadedAt: new Date().toISOString(),
    loadSeconds: Math.round((Date.now() - started) / 100) / 10,
    owner,
    repIds: reps.map((r) => r.userId),
    browser,
    browserDeals: 5_000,
  };
}

const statePath = (database: string) => path.join(RESULTS_DIR, `state-${database}.json`);

export function readState(database: string): BenchState | undefined {
  const file = statePath(database);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as BenchState) : undefined;
}

export function writeState(state: BenchState): void {
  writeFileSync(statePath(state.database), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Removes the deals the `create` scenario made (app and floors name them "Bench deal …"), so a
 * reused database keeps its loaded size, then re-analyzes. Their activities are deleted first
 * by (tenant_id, deal_id), and the deals with a temporary index on deal_activities (deal_id):
 * the ON DELETE CASCADE lookup runs per deleted deal and no migrated index leads with deal_id
 * (without one, 20,000 deletes scan 200,000 activities each — see docs/benchmarks.md).
 */
export async function removeCreatedDeals(databaseUrl: string, tenantId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const created = `select id from deals where tenant_id = $1 and name like 'Bench deal %'`;
    await client.query(`delete from deal_activities where tenant_id = $1 and deal_id in (${created})`, [tenantId]);
    await client.query(`create index if not exists bench_tmp_activities_deal on deal_activities (deal_id)`);
    const r = await client.query(`delete from deals where tenant_id = $1 and name like 'Bench deal %'`, [tenantId]);
    await client.query(`drop index if exists bench_tmp_activities_deal`);
    await client.query(`vacuum (analyze) deals`);
    await client.query(`vacuum (analyze) deal_activities`);
    return r.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * What autovacuum would do between the scenarios when it is off on the server (it is on the
 * shared cluster of the development machine): vacuum and analyze every table with many dead
 * rows, such as the totals shards and counters every write updates. Returns the tables
 * vacuumed, or null when autovacuum is on and nothing was done.
 */
export async function emulateAutovacuum(databaseUrl: string, minDead = 1000): Promise<string[] | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const on = (await client.query<{ autovacuum: string }>(`show autovacuum`)).rows[0].autovacuum === "on";
    if (on) return null;
    const dead = await client.query<{ name: string }>(
      `select relname as name from pg_stat_user_tables where schemaname = 'public' and n_dead_tup >= $1 order by 1`,
      [minDead],
    );
    for (const { name } of dead.rows) await client.query(`vacuum (analyze) "${name}"`);
    return dead.rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}
