import { describe, expect, it } from "vitest";
import { jsonBytes } from "@/lib/api/json-text";
import { getDbHandle } from "@/lib/db";
import type { Deal } from "@/lib/deals/schema";
import { api, signUp } from "@/tests/support/http";
import { type FloorInput, poolFloorDb, runFloor } from "./floor-sql";

/**
 * The benchmark's floors claim to run the app's SQL for each endpoint. If a floor's statements
 * drift from the app's schema, they fail (or answer something else) and every ratio the bench
 * prints compares nothing: so each floor scenario must answer what the app answers.
 */
describe.skipIf(!process.env.DATABASE_URL)("the benchmark floors' statements", () => {
  it("answer what the app's endpoints answer, for every scenario", async () => {
    const user = await signUp({ name: "Floor Owner" });
    const auth = { token: user.token };
    const { company } = (await (await api.post("/api/v1/crm/companies", { name: "Floor Company" }, auth)).json()) as { company: { id: string } };
    const created: Deal[] = [];
    for (const [i, stage] of ["proposal", "negotiation", "lead"].entries()) {
      const res = await api.post("/api/v1/crm/deals", { name: `Floor deal ${i}`, amount: 1000 + i, currency: "EUR", stage, company_id: company.id, assigned_member_id: user.userId }, auth);
      created.push(((await res.json()) as { deal: Deal }).deal);
    }
    const db = poolFloorDb(getDbHandle().pool!);
    const floor = async <T>(scenario: string, input: Partial<FloorInput> = {}) =>
      JSON.parse(jsonBytes(await runFloor(db, scenario, { tenant: user.tenantId, user: user.userId, ...input })).toString()) as T;
    const appGet = async (id: string) => ((await (await api.get(`/api/v1/crm/deals/${id}`, auth)).json()) as { deal: Deal }).deal;

    const got = await floor<{ deal: Deal }>("get", { id: created[0].id });
    expect(got.deal).toStrictEqual(await appGet(created[0].id));

    const moved = await floor<{ deal: Deal }>("move", { id: created[0].id, stage: "negotiation" });
    expect(moved.deal).toMatchObject({ id: created[0].id, stage: "negotiation", version: created[0].version + 1 });
    expect(moved.deal).toStrictEqual(await appGet(created[0].id));

    const made = await floor<{ deal: Deal }>("create", { name: "Made by the floor" });
    expect(made.deal).toMatchObject({ name: "Made by the floor", stage: "lead", version: 1 });
    expect(made.deal).toStrictEqual(await appGet(made.deal.id));

    const appList = (await (await api.get("/api/v1/crm/deals", auth)).json()) as { items: Deal[]; total: number };
    const list = await floor<{ items: Deal[]; total: number }>("list");
    expect(list).toMatchObject({ total: appList.total });
    expect(list.items).toStrictEqual(appList.items);
    const search = await floor<{ items: Deal[]; total: number }>("search", { q: "FLOOR DEAL 1" });
    expect(search).toStrictEqual({ items: [await appGet(created[1].id)], total: 1 });
    expect((await floor<{ items: Deal[] }>("offset", { offset: 1 })).items).toStrictEqual(appList.items.slice(1));
    const first = appList.items[0];
    const after = await floor<{ items: Deal[] }>("cursor", { after_created: first.created_at, after_id: first.id });
    expect(after.items).toStrictEqual(appList.items.slice(1));

    const board = await floor<{ columns: { stage: string; items: { id: string }[] }[] }>("board");
    const column = (stage: string) => board.columns.find((c) => c.stage === stage)?.items.map((d) => d.id);
    expect(column("negotiation")?.sort()).toEqual([created[0].id, created[1].id].sort());
    expect(column("lead")).toEqual([made.deal.id, created[2].id]);
    const searched = await floor<{ columns: { stage: string; items: { id: string }[] }[]; totals: { stage: string; deal_count: string }[] }>("board_search", {
      q: "FLOOR DEAL 1",
    });
    expect(searched.columns.flatMap((c) => c.items.map((d) => [c.stage, d.id]))).toEqual([["negotiation", created[1].id]]);
    expect(searched.totals.map((t) => [t.stage, Number(t.deal_count)])).toEqual([["negotiation", 1]]);

    expect((await floor<{ deal: { id: string; name: string } }>("get_row", { id: created[1].id })).deal).toMatchObject({ id: created[1].id, name: "Floor deal 1" });
    expect(await floor("trivial")).toEqual({ one: 1 });
  });
});
