import { type Kysely, sql } from "kysely";

// CSV imports (lib/imports/). An import keeps its decoded file until it has run, so the app can
// resume one after a restart from `processed_rows` (each batch commits its rows and the count
// together). `import_records` lists what an import created, so it can be undone as a whole; the
// errors list each failed row with its line and reason. The instance running an import touches
// `heartbeat_at` after every batch: an import whose heartbeat stopped is taken over by the next
// instance that looks at it.
const up_statements = [
  `create table imports (
    id text primary key,
    tenant_id text not null references "organization" ("id") on delete cascade,
    entity text not null check (entity in ('deals', 'companies', 'contacts')),
    status text not null check (status in ('draft', 'queued', 'running', 'completed', 'failed', 'undone')),
    file_name text,
    encoding text not null,
    headers jsonb not null,
    mapping jsonb not null,
    create_missing boolean not null default true,
    csv text,
    caller jsonb not null,
    total_rows integer not null default 0,
    processed_rows integer not null default 0,
    created_rows integer not null default 0,
    failed_rows integer not null default 0,
    errors jsonb not null default '[]',
    created_by text not null references "user" ("id") on delete cascade,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    heartbeat_at timestamptz,
    finished_at timestamptz,
    undone_at timestamptz,
    undone_by text references "user" ("id") on delete set null
  )`,
  `create index imports_tenant_idx on imports (tenant_id, created_at desc)`,
  `create index imports_created_by_idx on imports (created_by)`,
  `create index imports_undone_by_idx on imports (undone_by) where undone_by is not null`,
  `create index imports_pending_idx on imports (status) where status in ('queued', 'running')`,
  `create table import_records (
    import_id text not null references imports ("id") on delete cascade,
    tenant_id text not null,
    kind text not null check (kind in ('deal', 'company', 'contact')),
    record_id text not null,
    line integer,
    primary key (import_id, kind, record_id)
  )`,
];

const down_statements = [`drop table if exists import_records`, `drop table if exists imports`];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
