import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { AppError, forbidden, notFound } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { idPattern, newId } from "@/lib/ids";
import { canInWorkspace } from "@/lib/permissions";
import type { ApiKey, ApiKeyCreateInput } from "./schema";
import { newApiKeySecret } from "./secret";

/**
 * Creating, listing and revoking a workspace's API keys: managers only, and only from a person's
 * session (a key cannot mint or revoke keys). Revocation stamps `revoked_at`; the caller lookup
 * (lib/api/session.ts) skips revoked and expired keys on every request, so the next request with
 * a revoked key is a 401.
 */

type Db = Kysely<Database>;
type KeyManager = Pick<Caller, "tenantId" | "userId" | "isManager" | "apiKey">;

function assertMayManageKeys(caller: KeyManager): void {
  if (caller.apiKey) throw forbidden("API keys cannot manage API keys; sign in as a manager.");
  if (!canInWorkspace(caller, "manage_api_keys")) throw forbidden("Only owners and admins can manage API keys.");
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function keysOf(db: Db, tenantId: string) {
  return db
    .selectFrom("api_keys as k")
    .leftJoin("user as u", "u.id", "k.created_by")
    .select([
      "k.id",
      "k.name",
      "k.prefix",
      "k.access",
      "k.scope",
      "k.app_id",
      "k.created_by",
      "u.name as created_by_name",
      "k.created_at",
      "k.last_used_at",
      "k.expires_at",
    ])
    .where("k.tenant_id", "=", tenantId)
    .where("k.revoked_at", "is", null);
}

type KeyRow = Awaited<ReturnType<ReturnType<typeof keysOf>["executeTakeFirstOrThrow"]>>;

function toApiKey(row: KeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    access: row.access,
    scope: row.scope,
    app_id: row.app_id,
    created_by: row.created_by,
    created_by_name: row.created_by_name ?? null,
    created_at: iso(row.created_at)!,
    last_used_at: iso(row.last_used_at),
    expires_at: iso(row.expires_at),
  };
}

/** The workspace's keys that still work or have merely expired (revoked ones are gone from the list), newest first. */
export async function listApiKeys(db: Db, caller: KeyManager): Promise<ApiKey[]> {
  assertMayManageKeys(caller);
  const rows = await keysOf(db, caller.tenantId).orderBy("k.created_at", "desc").orderBy("k.id", "desc").execute();
  return rows.map(toApiKey);
}

/** A new key; the secret is returned here once and stored only as its hash. */
export async function createApiKey(db: Db, caller: KeyManager, input: ApiKeyCreateInput): Promise<{ api_key: ApiKey; secret: string }> {
  assertMayManageKeys(caller);
  if (input.app_id !== undefined) {
    const known = await db
      .selectFrom("api_keys")
      .select("id")
      .where("tenant_id", "=", caller.tenantId)
      .where("app_id", "=", input.app_id)
      .limit(1)
      .executeTakeFirst();
    if (!known) {
      throw new AppError(422, "invalid_reference", "No application with this id in this workspace.", {
        errors: [{ field: "app_id", code: "invalid_reference", message: "Not an application of this workspace." }],
      });
    }
  }
  const { secret, hash, prefix } = newApiKeySecret();
  const id = newId("apiKey");
  await db
    .insertInto("api_keys")
    .values({
      id,
      tenant_id: caller.tenantId,
      app_id: input.app_id ?? newId("application"),
      name: input.name,
      prefix,
      key_hash: hash,
      access: input.access,
      scope: input.scope,
      created_by: caller.userId,
      expires_at: input.expires_at ? new Date(input.expires_at) : null,
    })
    .execute();
  const row = await keysOf(db, caller.tenantId).where("k.id", "=", id).executeTakeFirstOrThrow();
  return { api_key: toApiKey(row), secret };
}

/** Revokes a key of the caller's workspace: it stops working at once. Another workspace's key, or a revoked one, is 404. */
export async function revokeApiKey(db: Db, caller: KeyManager, id: string): Promise<void> {
  assertMayManageKeys(caller);
  if (!idPattern("apiKey").test(id)) throw notFound("API key");
  const revoked = await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date(), revoked_by: caller.userId })
    .where("tenant_id", "=", caller.tenantId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(revoked.numUpdatedRows) === 0) throw notFound("API key");
}
