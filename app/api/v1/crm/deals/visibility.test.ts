import { beforeAll, describe, expect, it } from "vitest";
import type { BoardData } from "@/lib/deals/board-math";
import type { Deal } from "@/lib/deals/schema";
import { getDb } from "@/lib/db";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { addRep, createDeal, DEALS, snapshot } from "./deals-test-helpers";

/**
 * The workspace's deal visibility (lib/permissions.ts): under `own`, a rep sees only the deals
 * assigned to him, everywhere a deal can surface, and a colleague's deal answers as if it did
 * not exist; managers see everything. Under `all` (the default) everyone sees everything.
 */

let manager: TestUser;
let ken: TestUser;
let emily: TestUser;
let kensDeal: Deal;
let emilysDeal: Deal;
let unassigned: Deal;

const setVisibility = async (value: "all" | "own") => {
  const res = await api.patch("/api/v1/workspace", { deal_visibility: value }, { token: manager.token });
  expect(res.status).toBe(200);
  expect((await res.json()).workspace.deal_visibility).toBe(value);
};

const listIds = async (user: TestUser, query = "") => {
  const res = await api.get(`${DEALS}?limit=100${query}`, { token: user.token });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: Deal[]; total: number };
  return { ids: body.items.map((d) => d.id).sort(), total: body.total };
};

const boardOf = async (user: TestUser, query = "") => {
  const res = await api.get(`/api/v1/crm/board${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as BoardData;
};

beforeAll(async () => {
  manager = await signUp({ name: "Manager Mika" });
  ken = await addRep(manager, "Rep Ken");
  emily = await addRep(manager, "Rep Emily");
  kensDeal = await createDeal(ken, { name: "Ken's Hokkaido deal", amount: 1000, stage: "proposal", tags: ["重点顧客"] });
  emilysDeal = await createDeal(emily, { name: "Emily's Osaka deal", amount: 5000, stage: "proposal", tags: ["重点顧客"] });
  unassigned = await createDeal(manager, { name: "Unassigned Kyoto deal", amount: 300, stage: "proposal", assigned_member_id: null });
});

describe("deal visibility `all` (the default)", () => {
  it("is the default and lets every member see every deal", async () => {
    const workspace = await (await api.get("/api/v1/workspace", { token: ken.token })).json();
    expect(workspace.workspace).toMatchObject({ id: manager.tenantId, deal_visibility: "all", updated_at: null });
    expect((await listIds(ken)).ids).toEqual([kensDeal.id, emilysDeal.id, unassigned.id].sort());
    expect((await api.get(`${DEALS}/${emilysDeal.id}`, { token: ken.token })).status).toBe(200);
  });
});

describe("deal visibility `own`", () => {
  beforeAll(() => setVisibility("own"));

  it("lists, searches and counts only a rep's own deals", async () => {
    expect(await listIds(ken)).toEqual({ ids: [kensDeal.id], total: 1 });
    expect(await listIds(ken, "&stage=proposal")).toEqual({ ids: [kensDeal.id], total: 1 });
    expect(await listIds(ken, "&search=deal")).toEqual({ ids: [kensDeal.id], total: 1 });
    expect(await listIds(ken, `&assigned_member_id=${emily.userId}`)).toEqual({ ids: [], total: 0 });
    expect(await listIds(ken, "&assigned_member_id=none")).toEqual({ ids: [], total: 0 });
    expect(await listIds(ken, "&sort=amount&order=desc")).toEqual({ ids: [kensDeal.id], total: 1 });
    // A cursor page (the one-statement path) too.
    const first = await (await api.get(`${DEALS}?limit=1`, { token: emily.token })).json();
    expect(first.items.map((d: Deal) => d.id)).toEqual([emilysDeal.id]);
    expect(first).toMatchObject({ total: 1, next_cursor: null });
  });

  it("keeps managers' view of every deal", async () => {
    expect(await listIds(manager)).toEqual({ ids: [kensDeal.id, emilysDeal.id, unassigned.id].sort(), total: 3 });
    expect((await api.get(`${DEALS}/${kensDeal.id}`, { token: manager.token })).status).toBe(200);
  });

  it("shows a rep a board of his own cards, with his own totals", async () => {
    const board = await boardOf(ken);
    const proposal = board.columns.find((c) => c.stage === "proposal")!;
    expect(proposal.items.map((c) => c.id)).toEqual([kensDeal.id]);
    expect(proposal.count).toBe(1);
    expect(proposal.totals).toEqual([expect.objectContaining({ currency: "JPY", count: 1, amount: 1000 })]);
    const searched = await boardOf(ken, "?search=Osaka");
    expect(searched.columns.every((c) => c.items.length === 0 && c.count === 0)).toBe(true);
    const managers = (await boardOf(manager)).columns.find((c) => c.stage === "proposal")!;
    expect(managers.count).toBe(3);
  });

  it("answers 404 for a colleague's deal on every deal route, changing nothing", async () => {
    for (const deal of [emilysDeal, unassigned]) {
      const before = await snapshot(deal.id);
      const responses = [
        await api.get(`${DEALS}/${deal.id}`, { token: ken.token }),
        await api.patch(`${DEALS}/${deal.id}`, { name: "seen" }, { token: ken.token }),
        await api.post(`${DEALS}/${deal.id}/stage`, { stage: "negotiation" }, { token: ken.token }),
        await api.get(`${DEALS}/${deal.id}/activities`, { token: ken.token }),
        await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "x" }, { token: ken.token }),
        await api.delete(`${DEALS}/${deal.id}`, { token: ken.token }),
        await api.post(`${DEALS}/${deal.id}/restore`, undefined, { token: ken.token }),
      ];
      for (const res of responses) {
        expect(res.status).toBe(404);
        expect((await res.json()).code).toBe("not_found");
      }
      expect(await snapshot(deal.id)).toEqual(before);
    }
  });

  it("refuses a colleague's card as a neighbour, as if it did not exist (422)", async () => {
    const res = await api.post(`${DEALS}/${kensDeal.id}/stage`, { stage: "proposal", before_id: emilysDeal.id }, { token: ken.token });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe("invalid_reference");
  });

  it("hides a deal from its former owner once a manager reassigns it, and shows it to the new one", async () => {
    const deal = await createDeal(emily, { name: "Handover" });
    const patched = await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId }, { token: manager.token });
    expect(patched.status).toBe(200);
    expect((await api.get(`${DEALS}/${deal.id}`, { token: emily.token })).status).toBe(404);
    expect((await api.get(`${DEALS}/${deal.id}`, { token: ken.token })).status).toBe(200);
  });

  it("counts a member holding several roles, one of them a manager's, as a manager (in SQL as in lib/permissions.ts)", async () => {
    const both = await addRep(manager, "Rep and admin");
    await getDb().updateTable("member").set({ role: "member, admin" }).where("userId", "=", both.userId).where("organizationId", "=", manager.tenantId).execute();
    // The one-statement list page (the caller resolved in SQL) and a resolved-caller read agree.
    const first = await (await api.get(`${DEALS}?limit=10`, { token: both.token })).json();
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect((await api.get(`${DEALS}/${emilysDeal.id}`, { token: both.token })).status).toBe(200);
    expect((await (await api.get("/api/v1/me", { token: both.token })).json()).is_manager).toBe(true);
  });

  it("lets only managers change the setting", async () => {
    const res = await api.patch("/api/v1/workspace", { deal_visibility: "all" }, { token: ken.token });
    expect(res.status).toBe(403);
    expect((await (await api.get("/api/v1/workspace", { token: ken.token })).json()).workspace.deal_visibility).toBe("own");
    const bad = await api.patch("/api/v1/workspace", { deal_visibility: "team" }, { token: manager.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ field: "deal_visibility" });
  });

  it("tells /me which setting applies", async () => {
    const me = await (await api.get("/api/v1/me", { token: ken.token })).json();
    expect(me).toMatchObject({ is_manager: false, tenant: { deal_visibility: "own" } });
  });

  it("shows everything again when set back to `all`", async () => {
    await setVisibility("all");
    expect((await listIds(ken)).total).toBeGreaterThanOrEqual(3);
    expect((await api.get(`${DEALS}/${emilysDeal.id}`, { token: ken.token })).status).toBe(200);
  });
});

describe("reassigning", () => {
  it("refuses a rep who takes a colleague's deal, so he cannot then delete it (403, nothing changes)", async () => {
    const deal = await createDeal(emily, { name: "Emily's deal" });
    const before = await snapshot(deal.id);
    const take = await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId }, { token: ken.token });
    expect(take.status).toBe(403);
    expect((await take.json()).code).toBe("forbidden");
    expect((await api.delete(`${DEALS}/${deal.id}`, { token: ken.token })).status).toBe(403);
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("refuses a rep who claims an unassigned deal, and lets a manager assign it", async () => {
    const deal = await createDeal(manager, { assigned_member_id: null });
    expect((await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId }, { token: ken.token })).status).toBe(403);
    expect((await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId }, { token: manager.token })).status).toBe(200);
  });

  it("lets a rep hand his own deal to a colleague, or send other fields with an unchanged owner", async () => {
    const deal = await createDeal(ken);
    expect((await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId, note: "same owner" }, { token: ken.token })).status).toBe(200);
    expect((await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: emily.userId }, { token: ken.token })).status).toBe(200);
    // Now Emily's: Ken may still edit it (visibility `all`), not take it back.
    expect((await api.patch(`${DEALS}/${deal.id}`, { note: "still helping" }, { token: ken.token })).status).toBe(200);
    expect((await api.patch(`${DEALS}/${deal.id}`, { assigned_member_id: ken.userId }, { token: ken.token })).status).toBe(403);
  });
});

describe("the workspace endpoint", () => {
  it("answers another workspace's member with their own workspace only", async () => {
    const stranger = await signUp({ name: "Stranger" });
    const body = await (await api.get("/api/v1/workspace", { token: stranger.token })).json();
    expect(body.workspace.id).toBe(stranger.tenantId);
    expect((await api.patch("/api/v1/workspace", { deal_visibility: "own" }, { token: stranger.token })).status).toBe(200);
    // The stranger's setting does not touch this workspace.
    expect((await (await api.get("/api/v1/workspace", { token: ken.token })).json()).workspace.deal_visibility).toBe("all");
  });
});
