import { createDb, setDbHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { dropEverything, migrateToLatest } from "./migrate";
import { seedDemo } from "./seed";

const command = process.argv[2];
const where = env.DATABASE_URL ? `PostgreSQL (${new URL(env.DATABASE_URL).host}${new URL(env.DATABASE_URL).pathname})` : `PGlite (${env.PGLITE_DIR})`;

async function main() {
  const handle = createDb();
  setDbHandle(handle);
  try {
    if (command === "reset") {
      console.log(`Dropping everything in ${where}`);
      await dropEverything(handle.db);
    }
    if (command === "migrate" || command === "reset" || command === "seed") {
      console.log(`Migrating ${where}`);
      await migrateToLatest(handle.db, console.log);
    }
    if (command === "seed" || command === "reset") {
      const result = await seedDemo(handle.db, { force: command === "seed" });
      console.log(result.message);
    }
    if (!["migrate", "seed", "reset"].includes(command ?? "")) {
      console.error("usage: npm run db:migrate | db:seed | db:reset");
      process.exitCode = 2;
    }
  } finally {
    await handle.db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
