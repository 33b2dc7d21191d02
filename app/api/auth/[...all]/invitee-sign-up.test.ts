import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { settleMail } from "@/lib/mail/send";
import { api, request, signUp } from "@/tests/support/http";
import { latestMail } from "@/tests/support/mail";

/**
 * Someone who signs up from an invitation link to their address joins that workspace: no empty
 * workspace of their own is created for them. The invitation mail is in the inviting manager's
 * language while the invitee has no account (and so no setting) yet.
 */
describe("signing up from an invitation link", () => {
  it("creates no workspace of one's own, and the invitation then makes the workspace active", async () => {
    const manager = await signUp({ name: "田中 美香" });
    await api.patch("/api/v1/me", { locale: "ja" }, { token: manager.token });
    const email = `invitee-${randomBytes(4).toString("hex")}@example.test`;
    const invite = await api.post("/api/auth/organization/invite-member", { email, role: "member", organizationId: manager.tenantId }, { token: manager.token });
    expect(invite.status).toBe(200);
    const invitation = (await invite.json()) as { id: string; link: string };
    await settleMail();
    expect((await latestMail(email, "invitation")).subject).toBe("【Pipeline】田中 美香 さんから 田中 美香's team への招待が届いています");

    const path = new URL(invitation.link).pathname + new URL(invitation.link).search;
    const res = await api.post("/api/auth/sign-up/email", { email, password: "correct-horse-battery", name: "Ken Sato", callbackURL: path }, { peer: "10.253.0.1" });
    expect(res.status).toBe(200);
    const { user } = (await res.json()) as { user: { id: string } };
    expect(await getDb().selectFrom("member").select("organizationId").where("userId", "=", user.id).execute()).toEqual([]);

    await request("GET", (await latestMail(email, "verify-email")).link);
    const token = res.headers.get("set-auth-token")!;
    const accept = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token: new URL(invitation.link).searchParams.get("token") }, { token });
    expect(accept.status).toBe(200);
    const me = await (await api.get("/api/v1/me", { token })).json();
    expect(me).toMatchObject({ tenant: { id: manager.tenantId }, role: "member" });
  });

  it("still gives a workspace to a sign-up whose link names someone else's invitation", async () => {
    const manager = await signUp();
    const invite = await api.post("/api/auth/organization/invite-member", { email: `other-${randomBytes(4).toString("hex")}@example.test`, role: "member", organizationId: manager.tenantId }, { token: manager.token });
    const invitation = (await invite.json()) as { id: string; link: string };
    const stranger = `stranger-${randomBytes(4).toString("hex")}@example.test`;
    const res = await api.post("/api/auth/sign-up/email", { email: stranger, password: "correct-horse-battery", name: "Sam", callbackURL: `/invite/${invitation.id}` }, { peer: "10.253.0.2" });
    const { user } = (await res.json()) as { user: { id: string } };
    expect(await getDb().selectFrom("member").select("role").where("userId", "=", user.id).execute()).toEqual([{ role: "owner" }]);
  });
});
