import { type Kysely, sql } from "kysely";

// Integration API keys (lib/api-keys/). A key belongs to a workspace and to an application
// (`app_id`, `app_…`): every record it writes is stamped with that id, and an application-scoped
// key reads only those records. Only the SHA-256 of the secret is stored (the secret is 256
// random bits, so a fast hash is enough: nothing to brute-force); the caller lookup finds a key
// by that hash through its unique index. A revoked key keeps its row (`revoked_at`): the
// timeline's "via <key name>" and the audit entries still name it.
//
// Companies and contacts get `app_id` like deals, so an application's reads can be scoped to
// what it wrote. The partial indexes hold only rows written by integrations: people's writes
// (nearly all of them) add no index entry.
const up_statements = [
  `create table api_keys (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    app_id text not null,
    name text not null,
    prefix text not null,
    key_hash text not null,
    access text not null check (access in ('read', 'read_write')),
    scope text not null check (scope in ('workspace', 'application')),
    created_by text not null references "user" ("id") on delete cascade,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    revoked_by text references "user" ("id") on delete set null
  )`,
  `create unique index api_keys_key_hash_idx on api_keys (key_hash)`,
  `create index api_keys_tenant_idx on api_keys (tenant_id, created_at desc)`,
  `create index api_keys_created_by_idx on api_keys (created_by)`,
  `create index api_keys_revoked_by_idx on api_keys (revoked_by) where revoked_by is not null`,
  `alter table companies add column app_id text`,
  `alter table contacts add column app_id text`,
  `create index deals_app_idx on deals (tenant_id, app_id) where app_id is not null`,
  `create index companies_app_idx on companies (tenant_id, app_id) where app_id is not null`,
  `create index contacts_app_idx on contacts (tenant_id, app_id) where app_id is not null`,
];

const down_statements = [
  `drop index if exists contacts_app_idx`,
  `drop index if exists companies_app_idx`,
  `drop index if exists deals_app_idx`,
  `alter table contacts drop column if exists app_id`,
  `alter table companies drop column if exists app_id`,
  `drop table if exists api_keys`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
