import { describe, expect, it } from "vitest";
import { api, joinByInvitation, signUp } from "@/tests/support/http";

describe("members API", () => {
  it("lists the tenant's users with their roles, and only them", async () => {
    const manager = await signUp({ name: "Mika Sato" });
    const rep = await signUp({ name: "Ken Tanaka" });
    const outsider = await signUp({ name: "Outsider" });
    await joinByInvitation(manager, rep);

    const expected = {
      items: [
        { id: rep.userId, name: "Ken Tanaka", email: rep.email, role: "member" },
        { id: manager.userId, name: "Mika Sato", email: manager.email, role: "owner" },
      ],
    };
    for (const who of [manager, rep]) {
      const res = await api.get("/api/v1/crm/members", { token: who.token });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(expected);
    }
    expect(await (await api.get("/api/v1/crm/members", { cookie: outsider.cookie })).json()).toEqual({
      items: [{ id: outsider.userId, name: "Outsider", email: outsider.email, role: "owner" }],
    });
  });

  it("requires authentication", async () => {
    const res = await api.get("/api/v1/crm/members");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
