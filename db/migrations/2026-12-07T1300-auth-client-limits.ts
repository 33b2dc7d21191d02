import { type Kysely, sql } from "kysely";

// Fixed-window request counts the auth gate keeps itself (lib/auth-gate/client-limit.ts): per
// client for the endpoints whose path carries a token (`/reset-password/{token}`; better-auth's
// own limiter counts per concrete path, so a new token would be a new count), keyed
// `<client address>|<rule>`, and per mailbox for reset and confirmation mails, keyed
// `account:<sha256 of the address>|<kind>`.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table auth_client_limits (
    key text primary key,
    count integer not null,
    window_ends_at timestamptz not null
  )`.execute(db);
  await sql`create index auth_client_limits_window_idx on auth_client_limits (window_ends_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists auth_client_limits`.execute(db);
}
