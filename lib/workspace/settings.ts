import "server-only";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Database } from "@/db/tables";
import { inTransaction } from "@/lib/db-transaction";
import { forbidden } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { canInWorkspace, DEAL_VISIBILITIES, DEFAULT_DEAL_VISIBILITY } from "@/lib/permissions";
import { publishWorkspaceChange } from "@/lib/realtime/notify";

/**
 * The workspace's own settings (better-auth keeps its name and members). A workspace without a
 * row in `workspace_settings` has the defaults.
 */

const dealVisibilitySchema = z.enum(DEAL_VISIBILITIES).meta({
  description:
    "`all`: every member sees every deal (the default). `own`: sales reps see only the deals assigned to them — in lists, search, the board and its totals, activities and live events; managers (owners and admins) always see every deal.",
  example: "all",
});

export const workspaceSchema = z
  .object({
    id: z.string().meta({ example: "org_01JDX3Z8Q4M2N5P7R9S1T3V5W7" }),
    name: z.string().meta({ example: "さくら商事 営業部" }),
    deal_visibility: dealVisibilitySchema,
    updated_at: z.string().nullable().meta({ description: "When a setting last changed; null while every setting has its default." }),
  })
  .meta({ id: "Workspace" });
export type Workspace = z.infer<typeof workspaceSchema>;

export const workspaceUpdateSchema = z
  .strictObject({ deal_visibility: dealVisibilitySchema.optional() })
  .meta({ id: "WorkspaceUpdate" });
export type WorkspaceUpdate = z.infer<typeof workspaceUpdateSchema>;

type Db = Kysely<Database>;
type WorkspaceCaller = Pick<Caller, "tenantId" | "userId" | "isManager">;

export async function getWorkspace(db: Db, caller: WorkspaceCaller): Promise<Workspace> {
  const row = await db
    .selectFrom("organization as o")
    .leftJoin("workspace_settings as ws", "ws.tenant_id", "o.id")
    .select(["o.id", "o.name", "ws.deal_visibility", "ws.updated_at"])
    .where("o.id", "=", caller.tenantId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    deal_visibility: row.deal_visibility ?? DEFAULT_DEAL_VISIBILITY,
    updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

/**
 * Changes the workspace's settings (managers). Open event streams are told to refetch, since what
 * a rep may see has changed under them.
 */
export async function updateWorkspace(db: Db, caller: WorkspaceCaller, input: WorkspaceUpdate): Promise<Workspace> {
  if (!canInWorkspace(caller, "manage_settings")) throw forbidden("Only managers (owners and admins) can change the workspace's settings.");
  if (input.deal_visibility === undefined) return getWorkspace(db, caller);
  const visibility = input.deal_visibility;
  await inTransaction(db, async (trx) => {
    const before = await trx.selectFrom("workspace_settings").select("deal_visibility").where("tenant_id", "=", caller.tenantId).forUpdate().executeTakeFirst();
    if ((before?.deal_visibility ?? DEFAULT_DEAL_VISIBILITY) === visibility) return;
    await trx
      .insertInto("workspace_settings")
      .values({ tenant_id: caller.tenantId, deal_visibility: visibility, updated_at: sql`now()`, updated_by: caller.userId })
      .onConflict((oc) => oc.column("tenant_id").doUpdateSet({ deal_visibility: visibility, updated_at: sql`now()`, updated_by: caller.userId }))
      .execute();
    await publishWorkspaceChange(trx, { tenant_id: caller.tenantId, by: caller.userId });
  });
  return getWorkspace(db, caller);
}
