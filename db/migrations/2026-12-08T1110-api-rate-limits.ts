import { type Kysely, sql } from "kysely";

// Request counts per API credential (a session or an API key) and fixed window, shared by every
// app instance (lib/rate-limit/). Each instance adds its own count in batches and reads the
// total back, so a request normally costs no write here. Unlogged: the counts are worth nothing
// after a crash, and skipping the write-ahead log keeps the upserts cheap.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unlogged table api_rate_limits (
    key text not null,
    window_start timestamptz not null,
    count integer not null,
    primary key (key, window_start)
  )`.execute(db);
  await sql`create index api_rate_limits_window_idx on api_rate_limits (window_start)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists api_rate_limits`.execute(db);
}
