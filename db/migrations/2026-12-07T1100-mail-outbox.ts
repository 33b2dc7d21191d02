import { type Kysely, sql } from "kysely";

// Mail written instead of sent when no SMTP server is configured (lib/mail/send.ts): a local
// user finds the links in the server log, the tests read them here. Nothing is written here
// when SMTP_URL is set.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table mail_outbox (
    id text primary key,
    kind text not null,
    to_address text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index mail_outbox_to_idx on mail_outbox (lower(to_address), created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists mail_outbox`.execute(db);
}
