import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { forbidden } from "@/lib/api/errors";
import type { Caller } from "@/lib/api/session";
import { canInWorkspace } from "@/lib/permissions";

/** The settings page's team section: the workspace's members, (for its managers) its open invitations, and the caller's workspaces. */

type TeamCaller = Pick<Caller, "tenantId" | "isManager">;

export interface TeamMember {
  /** The user's id. */
  id: string;
  /** The membership's id (better-auth's member row), for role changes and removal. */
  member_id: string;
  name: string;
  email: string;
  role: string;
  joined_at: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: string | null;
  expires_at: string;
}

export async function listMembers(db: Kysely<Database>, caller: TeamCaller): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom("member as m")
    .innerJoin("user as u", "u.id", "m.userId")
    .select(["u.id", "m.id as memberId", "u.name", "u.email", "m.role", "m.createdAt"])
    .where("m.organizationId", "=", caller.tenantId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({ id: r.id, member_id: r.memberId, name: r.name, email: r.email, role: r.role, joined_at: new Date(r.createdAt).toISOString() }));
}

/** A workspace's open invitations: for its managers only (403 for anyone else). */
export async function listPendingInvitations(db: Kysely<Database>, caller: TeamCaller): Promise<PendingInvitation[]> {
  if (!canInWorkspace(caller, "manage_team")) throw forbidden("Only the workspace's owners and admins can see its invitations.");
  const rows = await db
    .selectFrom("invitation")
    .select(["id", "email", "role", "expiresAt"])
    .where("organizationId", "=", caller.tenantId)
    .where("status", "=", "pending")
    .where("expiresAt", ">", new Date())
    .orderBy("createdAt", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expires_at: new Date(r.expiresAt).toISOString() }));
}

export interface Membership {
  organization_id: string;
  name: string;
  role: string;
}

/** The workspaces a person belongs to, by name: what the workspace switcher offers. */
export async function listMemberships(db: Kysely<Database>, caller: Pick<Caller, "userId">): Promise<Membership[]> {
  const rows = await db
    .selectFrom("member as m")
    .innerJoin("organization as o", "o.id", "m.organizationId")
    .select(["o.id", "o.name", "m.role"])
    .where("m.userId", "=", caller.userId)
    .orderBy("o.name")
    .orderBy("o.id")
    .execute();
  return rows.map((r) => ({ organization_id: r.id, name: r.name, role: r.role }));
}
