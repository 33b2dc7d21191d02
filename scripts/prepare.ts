import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Shared by `npm run dev` and `npm start`: a stable development secret (so sessions survive a
 * restart), migrations, and demo data on the first start. Runs before Next.js opens the database,
 * and closes it again: PGlite allows one process per data directory.
 */
export function ensureDevSecret(): void {
  if (process.env.BETTER_AUTH_SECRET) return;
  const file = path.resolve(".data/dev-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  process.env.BETTER_AUTH_SECRET = readFileSync(file, "utf8").trim();
}

export async function prepareDatabase(): Promise<string | null> {
  const { createDb, setDbHandle } = await import("@/lib/db");
  const { env } = await import("@/lib/env");
  const { migrateToLatest } = await import("@/db/migrate");
  const { seedDemo, DEMO_USERS, DEMO_PASSWORD } = await import("@/db/seed");
  const handle = createDb();
  setDbHandle(handle);
  try {
    const where = env.DATABASE_URL ? "PostgreSQL" : `embedded PGlite (${env.PGLITE_DIR})`;
    console.log(`[pipeline] database: ${where}`);
    await migrateToLatest(handle.db, (l) => console.log(`[pipeline] ${l.trim()}`));
    const users = await handle.db.selectFrom("user").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const firstStart = Number(users.n) === 0;
    if (env.SEED_DEMO === "always" || (env.SEED_DEMO === "auto" && firstStart)) {
      const result = await seedDemo(handle.db);
      console.log(`[pipeline] ${result.message.split("\n")[0]}`);
    }
    const demo = await handle.db.selectFrom("user").select("id").where("email", "=", DEMO_USERS[0].email).executeTakeFirst();
    return demo ? `${DEMO_USERS[0].email} / ${DEMO_PASSWORD} (reps: ${DEMO_USERS.slice(1).map((u) => u.email).join(", ")})` : null;
  } finally {
    await handle.db.destroy();
    setDbHandle(undefined);
  }
}
