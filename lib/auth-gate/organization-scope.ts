import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { problemResponse } from "@/lib/api/problem";
import { extractToken } from "@/lib/api/session";

/**
 * better-auth's organization endpoints take an `organizationId` or `organizationSlug` in the query
 * or the body. Several of them, refusing a caller who is not a member, also cleared the caller's
 * active workspace on the way out; `get-full-organization` is a GET, so a link on another site
 * (SameSite=Lax cookie) could sign a user out of their workspace. Such a request is refused here,
 * before better-auth sees it, exactly like a workspace that does not exist (404, as the CRM API
 * answers for another tenant's records), and touches nothing.
 */

export interface NamedOrganization {
  ids: string[];
  slugs: string[];
}

/** The organizations a request names, or null when it names none (better-auth then uses the active one). */
export function namedOrganizations(url: URL, body: Record<string, unknown> | undefined): NamedOrganization | null {
  const ids: string[] = [];
  const slugs: string[] = [];
  const collect = (source: (key: string) => unknown) => {
    const id = source("organizationId");
    const slug = source("organizationSlug");
    if (typeof id === "string" && id !== "") ids.push(id);
    if (typeof slug === "string" && slug !== "") slugs.push(slug);
  };
  for (const key of ["organizationId", "organizationSlug"]) {
    // A repeated query parameter: every value must be the caller's.
    for (const value of url.searchParams.getAll(key)) collect((k) => (k === key ? value : undefined));
  }
  if (body) collect((k) => body[k]);
  return ids.length || slugs.length ? { ids, slugs } : null;
}

/** Whether the live session behind `token` belongs to a member of every named organization; null without a live session. */
async function isMemberOfAll(token: string, named: NamedOrganization): Promise<boolean | null> {
  const db = getDb();
  const session = await db.selectFrom("session").select("userId").where("token", "=", token).where("expiresAt", ">", new Date()).executeTakeFirst();
  if (!session) return null;
  const found = await db
    .selectFrom("member as m")
    .innerJoin("organization as o", "o.id", "m.organizationId")
    .select(["o.id", "o.slug"])
    .where("m.userId", "=", session.userId)
    .where((eb) => eb.or([eb("o.id", "in", named.ids.length ? named.ids : [""]), eb("o.slug", "in", named.slugs.length ? named.slugs : [""])]))
    .execute();
  return named.ids.every((id) => found.some((o) => o.id === id)) && named.slugs.every((slug) => found.some((o) => o.slug === slug));
}

/**
 * A 404 problem when the request names an organization its caller is not a member of; null to let
 * better-auth answer (no organization named, or no valid session: better-auth's 401 then).
 */
export async function refuseForeignOrganization(req: Request, body: Record<string, unknown> | undefined): Promise<Response | null> {
  const url = new URL(req.url);
  const named = namedOrganizations(url, body);
  if (!named) return null;
  const credentials = extractToken(req.headers);
  if (!credentials || credentials === "invalid") return null;
  const member = await isMemberOfAll(credentials.token, named);
  return member === false ? organizationNotFound(url.pathname) : null;
}

export function organizationNotFound(instance: string): Response {
  return problemResponse({
    status: 404,
    code: "organization_not_found",
    detail: "No such workspace, or you are not a member of it.",
    requestId: randomUUID(),
    instance,
  });
}
