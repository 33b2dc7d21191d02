import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { newId } from "@/lib/ids";
import { api, request, signUp, type TestUser } from "@/tests/support/http";
import { latestMail, outbox } from "@/tests/support/mail";

/**
 * Invitations: only managers read them, accepting needs the link's secret and a confirmed
 * address equal to the invitation's, and the invitee's whole way in works through the mail
 * (kept in the outbox here: no SMTP_URL in tests).
 */

const fresh = (name: string) => `${name}-${randomBytes(4).toString("hex")}@example.test`;

/** A manager's workspace with a sales rep in it (joined directly, as the demo seed does). */
async function workspaceWithRep(): Promise<{ manager: TestUser; rep: TestUser }> {
  const manager = await signUp({ name: "Mina Manager" });
  const rep = await signUp({ name: "Ren Rep" });
  await getDb()
    .insertInto("member")
    .values({ id: newId("member"), organizationId: manager.tenantId, userId: rep.userId, role: "member", createdAt: new Date() })
    .execute();
  await getDb().updateTable("session").set({ activeOrganizationId: manager.tenantId }).where("userId", "=", rep.userId).execute();
  return { manager, rep: { ...rep, tenantId: manager.tenantId } };
}

async function invite(manager: TestUser, email: string, role: "member" | "admin", extra: Record<string, unknown> = {}) {
  const res = await api.post("/api/auth/organization/invite-member", { email, role, ...extra }, { token: manager.token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { id: string; link?: string };
}

const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

/** Follows a link from a mail in-process, as the browser would (one hop), with the user's cookie if given. */
async function follow(link: string, cookie?: string): Promise<Response> {
  return request("GET", link, cookie ? { cookie } : {});
}

async function me(user: Pick<TestUser, "token">) {
  return (await api.get("/api/v1/me", { token: user.token })).json();
}

describe("a sales rep cannot make himself a manager through a pending invitation", () => {
  it("cannot list or read the invitations, cannot accept by id, and cannot accept with an unconfirmed address", async () => {
    const { manager, rep } = await workspaceWithRep();
    const target = fresh("new-manager");
    const invitation = await invite(manager, target, "admin");

    // 1. The rep cannot see pending invitations (ids, addresses, roles).
    const list = await api.get("/api/auth/organization/list-invitations", { token: rep.token });
    expect(list.status).toBe(403);
    expect(list.headers.get("content-type")).toBe("application/problem+json");
    expect(await list.text()).not.toContain(target);
    const full = await api.get("/api/auth/organization/get-full-organization", { token: rep.token });
    expect(full.status).toBe(200);
    const fullBody = await full.json();
    expect(fullBody.id).toBe(manager.tenantId);
    expect(fullBody.invitations).toEqual([]);
    expect(JSON.stringify(fullBody)).not.toContain(target);
    // The manager still sees them.
    const managerList = await api.get("/api/auth/organization/list-invitations", { token: manager.token });
    expect((await managerList.json()).map((i: { email: string }) => i.email)).toContain(target);

    // 2. Signed up as the invitee's address (no mailbox behind it), the bare id is not enough.
    const impostor = await signUp({ email: target, name: "Impostor" });
    const byId = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id }, { token: impostor.token });
    expect(byId.status).toBe(404);
    expect((await byId.json()).code).toBe("INVITATION_NOT_FOUND");
    const wrongToken = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token: "x".repeat(43) }, { token: impostor.token });
    expect(wrongToken.status).toBe(404);

    // 3. Even holding the link, an unconfirmed address cannot accept.
    const withLink = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token: tokenOf(invitation.link!) }, { token: impostor.token });
    expect(withLink.status).toBe(403);

    const after = await me(impostor);
    expect(after.tenant.id).not.toBe(manager.tenantId);
    const membership = await getDb().selectFrom("member").select("id").where("userId", "=", impostor.userId).where("organizationId", "=", manager.tenantId).execute();
    expect(membership).toEqual([]);
  });
});

describe("an invitation by email", () => {
  it("reaches the invitee, who signs up, confirms the address from the mail and joins with the link", async () => {
    const { manager } = await workspaceWithRep();
    const email = fresh("invitee");
    const invitation = await invite(manager, email, "member");
    // No mail server: the manager gets the link to pass on, and the outbox holds the same mail.
    expect(invitation.link).toMatch(new RegExp(`^http://localhost:3000/invite/${invitation.id}\\?token=[\\w-]{43}$`));
    const mail = await latestMail(email, "invitation");
    expect(mail.link).toBe(invitation.link);
    expect(mail.subject).toBe("Mina Manager invited you to Mina Manager's team on Pipeline");
    expect(mail.text).toContain("as a sales rep");
    expect(mail.html).toContain(`href="${invitation.link!.replace(/&/g, "&amp;")}"`);
    // The secret is stored hashed only.
    const stored = await getDb().selectFrom("invitation_secrets").selectAll().where("invitation_id", "=", invitation.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.secret_hash).not.toContain(tokenOf(invitation.link!));

    const invitee = await signUp({ email, name: "Ivy Invitee" });
    const token = tokenOf(invitation.link!);
    expect((await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token }, { token: invitee.token })).status).toBe(403);

    // The confirmation mail sent at sign-up; its link confirms the address.
    const verify = await latestMail(email, "verify-email");
    expect(verify.link).toMatch(/^http:\/\/localhost:3000\/api\/auth\/verify-email\?token=/);
    const confirmed = await follow(verify.link);
    expect([200, 302]).toContain(confirmed.status);
    const user = await getDb().selectFrom("user").select("emailVerified").where("id", "=", invitee.userId).executeTakeFirstOrThrow();
    expect(user.emailVerified).toBe(true);

    const accepted = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token }, { token: invitee.token });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const who = await me(invitee);
    expect(who.tenant.id).toBe(manager.tenantId);
    expect(who.role).toBe("member");
    expect(who.is_manager).toBe(false);

    // The link is spent.
    const again = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token }, { token: invitee.token });
    expect(again.status).toBe(404);
  });

  it("refuses a confirmed user whose address is not the invitation's, even with the link", async () => {
    const { manager } = await workspaceWithRep();
    const invitation = await invite(manager, fresh("someone"), "admin");
    const other = await signUp({ name: "Other Person" });
    await getDb().updateTable("user").set({ emailVerified: true }).where("id", "=", other.userId).execute();
    const res = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token: tokenOf(invitation.link!) }, { token: other.token });
    expect(res.status).toBe(403);
    expect((await me(other)).tenant.id).toBe(other.tenantId);
  });

  it("issues a new link when sent again, and the old one stops working", async () => {
    const { manager } = await workspaceWithRep();
    const email = fresh("resent");
    const first = await invite(manager, email, "member");
    const second = await invite(manager, email, "member", { resend: true });
    expect(second.id).toBe(first.id);
    expect(second.link).not.toBe(first.link);
    expect((await outbox(email, "invitation")).map((m) => m.link)).toEqual([second.link, first.link]);

    const invitee = await signUp({ email, name: "Re Sent" });
    await getDb().updateTable("user").set({ emailVerified: true }).where("id", "=", invitee.userId).execute();
    const old = await api.post("/api/auth/organization/accept-invitation", { invitationId: first.id, token: tokenOf(first.link!) }, { token: invitee.token });
    expect(old.status).toBe(404);
    const current = await api.post("/api/auth/organization/accept-invitation", { invitationId: first.id, token: tokenOf(second.link!) }, { token: invitee.token });
    expect(current.status).toBe(200);
  });

  it("does not let a sales rep invite anyone", async () => {
    const { rep } = await workspaceWithRep();
    const res = await api.post("/api/auth/organization/invite-member", { email: fresh("friend"), role: "admin" }, { token: rep.token });
    expect(res.status).toBe(403);
  });
});
