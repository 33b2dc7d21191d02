import { sql } from "kysely";
import { getDb } from "@/lib/db";

/**
 * Fixed-window counts better-auth's limiter cannot keep: it keys its counts by client and
 * concrete path, so for a path that carries a token (`/reset-password/{token}`) every guess would
 * start a count of its own (counted here per client and rule instead), and it has no notion of
 * "mail to this address" (lib/auth.ts counts reset and confirmation mails per mailbox here). One
 * statement per request, in PostgreSQL, shared by instances.
 */
type ClientClaim = { allowed: true } | { allowed: false; retryAfterS: number };

export async function claimClientRequest(key: string, rule: { window: number; max: number }): Promise<ClientClaim> {
  const { rows } = await sql<{ count: number; retry: number }>`
    insert into auth_client_limits as t (key, count, window_ends_at)
    values (${key}, 1, now() + make_interval(secs => ${rule.window}))
    on conflict (key) do update set
      count = case when t.window_ends_at <= now() then 1 else t.count + 1 end,
      window_ends_at = case when t.window_ends_at <= now() then now() + make_interval(secs => ${rule.window}) else t.window_ends_at end
    returning count, greatest(1, ceil(extract(epoch from window_ends_at - now())))::int as retry`.execute(getDb());
  const [row] = rows;
  if (Math.random() < 0.01) void forgetEndedWindows();
  return row.count <= rule.max ? { allowed: true } : { allowed: false, retryAfterS: row.retry };
}

async function forgetEndedWindows(): Promise<void> {
  await sql`delete from auth_client_limits where window_ends_at < now()`
    .execute(getDb())
    .catch((error: Error) => console.error(`[auth] pruning auth_client_limits failed: ${error.message}`));
}
