import { expect } from "vitest";
import { getDb } from "@/lib/db";
import type { Activity, Deal } from "@/lib/deals/schema";
import { newId } from "@/lib/ids";
import type { Pipeline } from "@/lib/pipelines/model";
import { api, joinByInvitation, signUp, type TestUser } from "@/tests/support/http";

/** Shared by the deals API tests (not a route: Next only routes `route.ts`). */

export const DEALS = "/api/v1/crm/deals";

export async function createDeal(user: TestUser, body: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<Deal> {
  const res = await api.post(DEALS, { name: "Test deal", ...body }, { token: user.token, headers });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { deal: Deal }).deal;
}

export async function getDeal(user: TestUser, id: string): Promise<Deal> {
  const res = await api.get(`${DEALS}/${id}`, { token: user.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { deal: Deal }).deal;
}

export async function activitiesOf(user: TestUser, id: string, query = "limit=100"): Promise<Activity[]> {
  const res = await api.get(`${DEALS}/${id}/activities?${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { activities: Activity[] }).activities;
}

/** A fresh user made a plain member (sales rep) of `manager`'s tenant. */
export async function addRep(manager: TestUser, name = "Rep"): Promise<TestUser> {
  return joinByInvitation(manager, await signUp({ name }));
}

export async function insertCompany(tenantId: string, input: { name?: string; is_deleted?: boolean } = {}): Promise<string> {
  const id = newId("company");
  await getDb()
    .insertInto("companies")
    .values({ id, tenant_id: tenantId, name: input.name ?? "Acme KK", is_deleted: input.is_deleted ?? false, deleted_at: input.is_deleted ? new Date() : null })
    .execute();
  return id;
}

export async function insertContact(tenantId: string, input: { first_name?: string; last_name?: string; is_deleted?: boolean } = {}): Promise<string> {
  const id = newId("contact");
  await getDb()
    .insertInto("contacts")
    .values({
      id,
      tenant_id: tenantId,
      first_name: input.first_name ?? "Hanako",
      last_name: input.last_name ?? "Sato",
      is_deleted: input.is_deleted ?? false,
      deleted_at: input.is_deleted ? new Date() : null,
    })
    .execute();
  return id;
}

/** The deal's row count of activities and its version, straight from the database. */
export async function snapshot(id: string) {
  const db = getDb();
  const deal = await db.selectFrom("deals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const activities = await db.selectFrom("deal_activities").select(db.fn.countAll<number>().as("n")).where("deal_id", "=", id).executeTakeFirstOrThrow();
  return { deal: { ...deal, amount: deal.amount === null ? null : Number(deal.amount) }, activities: Number(activities.n) };
}

export async function dealCount(tenantId: string): Promise<number> {
  const row = await getDb()
    .selectFrom("deals")
    .select(getDb().fn.countAll<number>().as("n"))
    .where("tenant_id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const today = () => new Date().toISOString().slice(0, 10);

let rawCounter = 0;

/** Deals inserted straight into the table (e.g. many with the same created_at), bypassing the API. */
export async function insertRawDeals(tenantId: string, rows: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  const values = rows.map((row) => {
    const id = newId("deal");
    ids.push(id);
    rawCounter += 1;
    const at = (row.created_at as Date | undefined) ?? new Date();
    return {
      id,
      tenant_id: tenantId,
      app_id: null,
      deal_number: `RAW-${process.pid}-${rawCounter}`,
      name: "Raw deal",
      currency: "JPY",
      stage: "lead",
      probability: 10,
      position: `a${String(rawCounter).padStart(6, "0")}`,
      stage_entered_at: at,
      created_at: at,
      updated_at: at,
      source: "edm",
      source_type: "api",
      audit_log: "[]",
      ...row,
    };
  });
  await getDb().insertInto("deals").values(values as never).execute();
  return ids;
}

export const PIPELINES = "/api/v1/crm/pipelines";

/** A new pipeline of `manager`'s workspace (the default stages unless `stages` is given). */
export async function createPipeline(manager: TestUser, body: Record<string, unknown> = {}): Promise<Pipeline> {
  const res = await api.post(PIPELINES, { name: "Enterprise", ...body }, { token: manager.token });
  if (res.status !== 201) throw new Error(`create pipeline failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { pipeline: Pipeline }).pipeline;
}

/** The workspace's default pipeline. */
export async function defaultPipeline(user: TestUser): Promise<Pipeline> {
  const res = await api.get(PIPELINES, { token: user.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Pipeline[] }).items.find((p) => p.is_default)!;
}
