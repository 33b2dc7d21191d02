import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { migrateToLatest } from "@/db/migrate";
import { freePort } from "@/tests/support/server";

/**
 * A throwaway PostgreSQL cluster for tests that stop and restart the server: the machine's
 * shared cluster (other test runs use it) is never touched. initdb runs as the `postgres` user
 * (initdb refuses root), trust auth, TCP on 127.0.0.1 and a socket inside the data directory.
 */

const BIN = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"].find((d) => existsSync(path.join(d, "initdb")));

export const canRunPrivateCluster = (): boolean => !!BIN && process.platform === "linux";

function asPostgres(command: string): string {
  const isRoot = process.getuid?.() === 0;
  return isRoot
    ? execFileSync("su", ["postgres", "-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
    : execFileSync("sh", ["-c", command], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface PrivateCluster {
  port: number;
  dir: string;
  url(database?: string): string;
  stop(): void;
  start(): void;
  /** The server's log, for failure messages. */
  log(): string;
  destroy(): void;
}

export async function createPrivateCluster(): Promise<PrivateCluster> {
  if (!BIN) throw new Error("no PostgreSQL server binaries found under /usr/lib/postgresql");
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipeline-pg-"));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  asPostgres(`${BIN}/initdb -D ${q(data)} -U postgres --auth=trust --no-sync -E UTF8 >/dev/null`);
  const logFile = path.join(dir, "server.log");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=60`;
  const cluster: PrivateCluster = {
    port,
    dir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => void asPostgres(`${BIN}/pg_ctl -D ${q(data)} -l ${q(logFile)} -o ${q(options)} -w -t 30 start >/dev/null`),
    stop: () => void asPostgres(`${BIN}/pg_ctl -D ${q(data)} -m fast -w -t 30 stop >/dev/null`),
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    destroy() {
      try {
        asPostgres(`${BIN}/pg_ctl -D ${q(data)} -m immediate -w -t 30 stop >/dev/null 2>&1 || true`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.start();
  return cluster;
}

/** Creates `name` on the cluster and applies the app's migrations. */
export async function createMigratedDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: u.toString(), max: 1 }) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return u.toString();
}
