import { type Kysely, sql } from "kysely";

// The secret of each invitation link, stored as its SHA-256 (lib/invitations.ts): accepting an
// invitation needs the link, not just the invitation's id. A new link (re-sending) replaces the
// old one. Invitations created before this table have no secret and can no longer be accepted:
// a manager sends them again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table invitation_secrets (
    invitation_id text primary key references "invitation" ("id") on delete cascade,
    secret_hash text not null unique,
    created_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists invitation_secrets`.execute(db);
}
