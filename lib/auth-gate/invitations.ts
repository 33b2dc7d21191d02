import "server-only";
import { randomUUID } from "node:crypto";
import type { ErrorCode } from "@/lib/api/error-codes";
import { problemResponse } from "@/lib/api/problem";
import { extractToken } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { issuedInvitationLinks } from "@/lib/invitations";
import { isManagerRole } from "@/lib/roles";

/**
 * The rules around better-auth's invitation endpoints (OWASP API Security 2023, API1 and API3):
 * only a workspace's managers read its invitations, and a manager inviting without a mail server
 * gets the new link back to pass on. (Answering an invitation needs the link's secret: a
 * better-auth hook in lib/auth.ts checks it, after better-auth's rate limit.)
 */

type Forward = (req: Request) => Promise<Response>;

const problem = (status: number, code: ErrorCode, detail: string, instance: string) =>
  problemResponse({ status, code, detail, requestId: randomUUID(), instance });

/** The signed-in user of a request and their role in a workspace (the active one unless named). */
async function roleIn(req: Request, organizationId: string | null): Promise<{ userId: string; role: string | null } | null> {
  const credentials = extractToken(req.headers);
  if (!credentials || credentials === "invalid") return null;
  const session = await getDb()
    .selectFrom("session")
    .select(["userId", "activeOrganizationId"])
    .where("token", "=", credentials.token)
    .where("expiresAt", ">", new Date())
    .executeTakeFirst();
  if (!session) return null;
  const orgId = organizationId ?? session.activeOrganizationId;
  if (!orgId) return { userId: session.userId, role: null };
  const member = await getDb().selectFrom("member").select("role").where("userId", "=", session.userId).where("organizationId", "=", orgId).executeTakeFirst();
  return { userId: session.userId, role: member?.role ?? null };
}

/** `list-invitations`: a workspace's pending invitations (ids and addresses) are for its managers. */
export async function listInvitations(req: Request, forward: Forward): Promise<Response> {
  const who = await roleIn(req, new URL(req.url).searchParams.get("organizationId"));
  if (who && !isManagerRole(who.role)) {
    return problem(403, "forbidden", "Only the workspace's owners and admins can see its invitations.", new URL(req.url).pathname);
  }
  return forward(req);
}

/** `get-full-organization`: the same workspace, without its invitations for anyone but its managers. */
export async function getFullOrganization(req: Request, forward: Forward): Promise<Response> {
  const res = await forward(req);
  if (res.status !== 200) return res;
  const body = (await res.clone().json().catch(() => null)) as { id?: string; invitations?: unknown } | null;
  if (!body || typeof body.id !== "string" || !("invitations" in body)) return res;
  const who = await roleIn(req, body.id);
  if (who && isManagerRole(who.role)) return res;
  return replaceJson(res, { ...body, invitations: [] });
}

/** `invite-member`: better-auth creates the invitation; without a mail server the link comes back for the manager. */
export async function inviteMember(req: Request, forward: Forward): Promise<Response> {
  const issued: { link?: string } = {};
  const res = await issuedInvitationLinks().run(issued, () => forward(req));
  if (res.status !== 200 || !issued.link) return res;
  const body = (await res.clone().json().catch(() => null)) as Record<string, unknown> | null;
  return body ? replaceJson(res, { ...body, link: issued.link }) : res;
}

function replaceJson(res: Response, body: unknown): Response {
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers });
}
