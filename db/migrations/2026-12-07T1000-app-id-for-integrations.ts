import { type Kysely, sql } from "kysely";

// `app_id` names the integration (an application's API key) that wrote a deal. A deal written
// by a person's session has none: the column becomes nullable without a default, and the deals
// written so far (all by people: no integration keys exist yet) lose the placeholder 'crm' they
// were stamped with. The read model trigger (2026-11-22T1000-deal-read-model) rebuilds each
// updated deal's stored JSON, so reads answer `"app_id": null` at once.
const up_statements = [
  `alter table deals alter column app_id drop default, alter column app_id drop not null`,
  `update deals set app_id = null where app_id = 'crm'`,
];

const down_statements = [
  `update deals set app_id = 'crm' where app_id is null`,
  `alter table deals alter column app_id set default 'crm', alter column app_id set not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of down_statements) await sql.raw(statement).execute(db);
}
