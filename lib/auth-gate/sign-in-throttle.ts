import { createHash } from "node:crypto";
import { sql } from "kysely";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * Password guessing against one account, slowed from any number of addresses (OWASP's
 * "Authentication" and "Credential Stuffing" cheat sheets; OWASP API Security 2023 API2/API4).
 *
 * Every sign-in attempt claims a slot for its key before better-auth checks the password, in one
 * statement, so parallel attempts cannot all slip through between a check and a record. The
 * first `AUTH_ACCOUNT_FREE_ATTEMPTS` attempts are free; from then on each attempt locks the key
 * for 2 s, 4 s, 8 s, ... up to `AUTH_ACCOUNT_MAX_DELAY_S`, and an attempt made while locked is
 * refused without reaching better-auth (429, Retry-After). A successful sign-in or password
 * reset clears the key; attempts are forgotten after 15 quiet minutes.
 *
 * The key is the account (a hash of the normalized email, so unknown addresses behave exactly like
 * known ones and no address is stored in clear) or, for a browser the account signed in from
 * before, that device (device-cookie.ts): a stranger hammering the account cannot lock its owner
 * out of a device the owner has used, only slow down new ones, for minutes at most.
 */

const FORGET_AFTER_S = 15 * 60;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function accountKey(email: string): string {
  return `account:${createHash("sha256").update(normalizeEmail(email)).digest("hex")}`;
}

export function deviceKey(nonce: string): string {
  return `device:${nonce}`;
}

type Claim = { allowed: true; attempts: number } | { allowed: false; retryAfterS: number };

/** Records an attempt for `key` unless the key is locked; locked, says for how long. */
export async function claimSignInAttempt(key: string): Promise<Claim> {
  const free = env.AUTH_ACCOUNT_FREE_ATTEMPTS;
  const maxDelay = env.AUTH_ACCOUNT_MAX_DELAY_S;
  const attempts = sql<number>`case when t.last_attempt_at < now() - make_interval(secs => ${FORGET_AFTER_S}) then 1 else t.attempts + 1 end`;
  const lockFor = (n: ReturnType<typeof sql<number>>) =>
    sql`case when ${n} >= ${free} then now() + make_interval(secs => least(${maxDelay}::float8, power(2::float8, (${n} - ${free} + 1)::float8))) end`;
  const claimed = await sql<{ attempts: number }>`
    insert into sign_in_throttle as t (key, attempts, last_attempt_at, locked_until)
    values (${key}, 1, now(), ${lockFor(sql<number>`1`)})
    on conflict (key) do update set
      attempts = ${attempts},
      last_attempt_at = now(),
      locked_until = ${lockFor(attempts)}
    where t.locked_until is null or t.locked_until <= now()
    returning attempts`.execute(getDb());
  if (claimed.rows.length) {
    if (Math.random() < 0.01) void forgetQuietKeys();
    return { allowed: true, attempts: claimed.rows[0].attempts };
  }
  const locked = await sql<{ retry: number }>`
    select greatest(1, ceil(extract(epoch from locked_until - now())))::int as retry
      from sign_in_throttle where key = ${key}`.execute(getDb());
  return { allowed: false, retryAfterS: locked.rows[0]?.retry ?? 1 };
}

/** Clears the attempts of `keys` (a successful sign-in, a password reset). */
export async function clearSignInAttempts(keys: string[]): Promise<void> {
  if (!keys.length) return;
  await getDb().deleteFrom("sign_in_throttle").where("key", "in", keys).execute();
}

/** Rows whose attempts are forgotten anyway; removed now and then so the table stays small. */
async function forgetQuietKeys(): Promise<void> {
  await sql`delete from sign_in_throttle
             where last_attempt_at < now() - make_interval(secs => ${FORGET_AFTER_S})
               and (locked_until is null or locked_until < now())`
    .execute(getDb())
    .catch((error: Error) => console.error(`[auth] pruning sign_in_throttle failed: ${error.message}`));
}
