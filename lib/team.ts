import "server-only";
import { getDb } from "@/lib/db";

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

export async function listMembers(tenantId: string): Promise<TeamMember[]> {
  const rows = await getDb()
    .selectFrom("member as m")
    .innerJoin("user as u", "u.id", "m.userId")
    .select(["u.id", "m.id as memberId", "u.name", "u.email", "m.role", "m.createdAt"])
    .where("m.organizationId", "=", tenantId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({ id: r.id, member_id: r.memberId, name: r.name, email: r.email, role: r.role, joined_at: new Date(r.createdAt).toISOString() }));
}

/** A workspace's open invitations: for its managers only (the settings page asks only for them). */
export async function listPendingInvitations(tenantId: string): Promise<PendingInvitation[]> {
  const rows = await getDb()
    .selectFrom("invitation")
    .select(["id", "email", "role", "expiresAt"])
    .where("organizationId", "=", tenantId)
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
export async function listMemberships(userId: string): Promise<Membership[]> {
  const rows = await getDb()
    .selectFrom("member as m")
    .innerJoin("organization as o", "o.id", "m.organizationId")
    .select(["o.id", "o.name", "m.role"])
    .where("m.userId", "=", userId)
    .orderBy("o.name")
    .orderBy("o.id")
    .execute();
  return rows.map((r) => ({ organization_id: r.id, name: r.name, role: r.role }));
}
