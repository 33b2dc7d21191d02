import "server-only";
import { sql, type Kysely } from "kysely";
import type { Database } from "@/db/tables";

/** The PostgreSQL channel deal changes are published on (LISTEN/NOTIFY). */
export const DEAL_CHANGES_CHANNEL = "deal_changes";

export interface DealChangeEvent {
  tenant_id: string;
  deal_id: string;
  kind: "created" | "updated" | "stage_changed" | "deleted" | "restored";
  version: number;
  stage: string;
  by: string | null;
  /** The deal's owner after the change: listeners limited to their own deals filter by it. */
  owner: string | null;
  /** The owner before the change, when the change reassigned the deal. */
  previous_owner?: string | null;
}

/**
 * A change to the workspace as a whole (e.g. its deal visibility) that makes every open view of
 * it out of date: listeners get a `resync`.
 */
export interface WorkspaceChangeEvent {
  tenant_id: string;
  kind: "workspace_changed";
  by: string | null;
}

/** Publishes a workspace change; like `publishDealChange`, call it inside the write's transaction. */
export async function publishWorkspaceChange(db: Kysely<Database>, event: Omit<WorkspaceChangeEvent, "kind">): Promise<void> {
  await sql`select pg_notify(${DEAL_CHANGES_CHANNEL}, ${JSON.stringify({ ...event, kind: "workspace_changed" })})`.execute(db);
}

/**
 * Publishes a deal change. Call inside the write's transaction: PostgreSQL delivers NOTIFY only
 * on commit, so listeners never see a change that was rolled back, and every app instance
 * listening on the channel hears it.
 */
export async function publishDealChange(db: Kysely<Database>, event: DealChangeEvent): Promise<void> {
  await sql`select ${dealChangeNotification(event)}`.execute(db);
}

/** The `pg_notify(…)` call for an event (or the event as JSON), to embed in a write's own statement (one round trip). */
export function dealChangeNotification(event: DealChangeEvent | string) {
  return sql<string>`pg_notify(${DEAL_CHANGES_CHANNEL}, ${typeof event === "string" ? event : JSON.stringify(event)})`;
}
