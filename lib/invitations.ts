import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { isManagerRole } from "@/lib/roles";

/**
 * Invitation links carry a secret: 32 random bytes, stored only as their SHA-256 in
 * `invitation_secrets`. Accepting (and declining) an invitation needs the link, not the
 * invitation's id, which better-auth's endpoints show to the workspace's managers; better-auth's
 * own accept/reject endpoints are wrapped by lib/auth-gate to demand it. Sending an invitation
 * again issues a new secret, so the previous link stops working.
 */

const hash = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** The invitation page's URL for an invitation and its secret. */
export function invitationUrl(invitationId: string, secret: string): string {
  return `${new URL(env.BETTER_AUTH_URL).origin}/invite/${encodeURIComponent(invitationId)}?token=${encodeURIComponent(secret)}`;
}

/** A new secret for the invitation (replacing any earlier one); returns the link to send. */
export async function issueInvitationLink(invitationId: string): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await getDb()
    .insertInto("invitation_secrets")
    .values({ invitation_id: invitationId, secret_hash: hash(secret) })
    .onConflict((oc) => oc.column("invitation_id").doUpdateSet({ secret_hash: hash(secret), created_at: new Date() }))
    .execute();
  return invitationUrl(invitationId, secret);
}

/** Whether `secret` is the current secret of the invitation's link. */
export async function invitationSecretMatches(invitationId: string, secret: string): Promise<boolean> {
  if (!secret || secret.length > 200) return false;
  const row = await getDb()
    .selectFrom("invitation_secrets")
    .select("invitation_id")
    .where("invitation_id", "=", invitationId)
    .where("secret_hash", "=", hash(secret))
    .executeTakeFirst();
  return !!row;
}

export async function forgetInvitationSecret(invitationId: string): Promise<void> {
  await getDb().deleteFrom("invitation_secrets").where("invitation_id", "=", invitationId).execute();
}

export interface InvitationSummary {
  id: string;
  email: string;
  status: string;
  expiresAt: Date;
  role: string | null;
  organizationName: string;
  inviterName: string;
}

/** What the invitation page shows: only for the holder of the link's secret. */
export async function invitationForLink(invitationId: string, secret: string): Promise<InvitationSummary | undefined> {
  if (!(await invitationSecretMatches(invitationId, secret))) return undefined;
  const row = await getDb()
    .selectFrom("invitation as i")
    .innerJoin("organization as o", "o.id", "i.organizationId")
    .innerJoin("user as u", "u.id", "i.inviterId")
    .select(["i.id", "i.email", "i.status", "i.expiresAt", "i.role", "o.name as organizationName", "u.name as inviterName"])
    .where("i.id", "=", invitationId)
    .executeTakeFirst();
  return row ? { ...row, expiresAt: new Date(row.expiresAt) } : undefined;
}

/**
 * Whether a sign-up comes from an invitation link for its own address: its `callbackURL` (where
 * the confirmation mail leads back to) is `/invite/{id}…` of a pending, unexpired invitation to
 * that address. Such an account joins that workspace and gets none of its own.
 */
export async function pendingInvitationForSignUp(email: string, callbackURL: unknown): Promise<boolean> {
  if (typeof callbackURL !== "string") return false;
  const match = /^\/invite\/([^/?#]+)/.exec(callbackURL);
  if (!match) return false;
  const row = await getDb()
    .selectFrom("invitation")
    .select("id")
    .where("id", "=", safeDecode(match[1]))
    .where("email", "=", email.toLowerCase())
    .where("status", "=", "pending")
    .where("expiresAt", ">", new Date())
    .executeTakeFirst();
  return !!row;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * How an invitation's role reads to people: owners and admins manage, members sell. The catalogs
 * turn the kind into words (`{role, select, manager {…} other {…}}`).
 */
export function roleKind(role: string | null | undefined): "manager" | "rep" {
  return isManagerRole(role) ? "manager" : "rep";
}

/**
 * Links issued while a request is handled, so the auth gate can hand a new link to the manager who
 * asked for it when no mail server would deliver it (local use). Kept on globalThis: one store
 * whichever module instance asks.
 */
const globalForLinks = globalThis as unknown as { __pipelineIssuedLinks?: AsyncLocalStorage<{ link?: string }> };
export function issuedInvitationLinks(): AsyncLocalStorage<{ link?: string }> {
  globalForLinks.__pipelineIssuedLinks ??= new AsyncLocalStorage();
  return globalForLinks.__pipelineIssuedLinks;
}
