import { type Kysely, sql } from "kysely";

// Sign-in attempts per account (and per trusted device), independent of the client's address:
// lib/auth-gate/sign-in-throttle.ts claims an attempt here before better-auth checks the
// password, and past a few attempts locks the key for an escalating delay (capped at minutes).
// `key` is `account:<sha256 of the normalized email>` or `device:<nonce>`: no address is stored.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table sign_in_throttle (
    key text primary key,
    attempts integer not null,
    last_attempt_at timestamptz not null,
    locked_until timestamptz
  )`.execute(db);
  await sql`create index sign_in_throttle_last_attempt_idx on sign_in_throttle (last_attempt_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists sign_in_throttle`.execute(db);
}
