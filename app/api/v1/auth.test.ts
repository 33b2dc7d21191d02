import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { idPattern } from "@/lib/ids";
import { api, signIn, signUp } from "@/tests/support/http";

describe("sign-up, sessions and tenants", () => {
  it("creates the user's own organization, makes it active, and authenticates by cookie and bearer", async () => {
    const user = await signUp({ name: "Aiko Yamada" });
    expect(user.userId).toMatch(idPattern("user"));
    expect(user.tenantId).toMatch(idPattern("organization"));

    const membership = await getDb()
      .selectFrom("member")
      .select(["role", "organizationId"])
      .where("userId", "=", user.userId)
      .execute();
    expect(membership).toEqual([{ role: "owner", organizationId: user.tenantId }]);

    for (const credentials of [{ cookie: user.cookie }, { token: user.token }, { token: user.token.split(".")[0] }]) {
      const res = await api.get("/api/v1/me", credentials);
      expect(res.status).toBe(200);
      const me = await res.json();
      expect(me).toMatchObject({
        user: { id: user.userId, email: user.email, name: "Aiko Yamada" },
        tenant: { id: user.tenantId, name: "Aiko Yamada's team" },
        role: "owner",
        is_manager: true,
      });
    }
  });

  it("answers 401 problem+json without credentials or with a bad token", async () => {
    for (const options of [{}, { token: "not-a-real-token-value" }, { token: "abc.def" }, { cookie: "better-auth.session_token=forged.c2ln" }]) {
      const res = await api.get("/api/v1/me", options);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json();
      expect(problem).toMatchObject({ status: 401, code: "unauthorized", title: "Unauthorized" });
      expect(problem.request_id).toEqual(expect.any(String));
      expect(problem.type).toMatch(/^https:\/\//);
    }
  });

  it("rejects a wrong password and accepts the right one", async () => {
    const user = await signUp();
    const bad = await api.post("/api/auth/sign-in/email", { email: user.email, password: "wrong-password-123" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-auth-token")).toBeNull();
    const good = await signIn(user.email, user.password);
    expect(good.tenantId).toBe(user.tenantId);
  });

  it("stops accepting a token as soon as its session signs out", async () => {
    const user = await signUp();
    expect((await api.get("/api/v1/me", { token: user.token })).status).toBe(200);
    const out = await api.post("/api/auth/sign-out", {}, { token: user.token });
    expect(out.status).toBe(200);
    expect((await api.get("/api/v1/me", { token: user.token })).status).toBe(401);
  });

  it("lets a manager invite a member who then works in the same tenant", async () => {
    const manager = await signUp({ name: "Manager One" });
    const invitee = await signUp({ name: "Rep One" });
    expect(invitee.tenantId).not.toBe(manager.tenantId);
    await getDb().updateTable("user").set({ emailVerified: true }).where("id", "=", invitee.userId).execute();

    const invite = await api.post(
      "/api/auth/organization/invite-member",
      { email: invitee.email, role: "member", organizationId: manager.tenantId },
      { token: manager.token },
    );
    expect(invite.status).toBe(200);
    const invitation = await invite.json();
    const token = new URL(invitation.link).searchParams.get("token");

    const accept = await api.post("/api/auth/organization/accept-invitation", { invitationId: invitation.id, token }, { token: invitee.token });
    expect(accept.status).toBe(200);

    const me = await (await api.get("/api/v1/me", { token: invitee.token })).json();
    expect(me.tenant.id).toBe(manager.tenantId);
    expect(me.role).toBe("member");
    expect(me.is_manager).toBe(false);
  });
});

describe("health", () => {
  it("reports the database as up", async () => {
    const res = await api.get("/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: { status: "up" } });
  });
});

describe("unknown API routes", () => {
  it("answer 404 problem+json", async () => {
    const res = await api.get("/api/v1/nope/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json()).code).toBe("route_not_found");
  });
});
