import { beforeAll, describe, expect, it } from "vitest";
import { addRep } from "@/app/api/v1/crm/deals/deals-test-helpers";
import { getDb } from "@/lib/db";
import { OPERATIONS } from "@/lib/openapi";
import { type ActivityAction, type Actor, canOnActivity, canOnDeal, canSeeDeal, DEAL_ACTIONS, type DealAction, type DealVisibility } from "@/lib/permissions";
import { joinByInvitation, signUp, type TestUser } from "@/tests/support/http";
import { type ApiClient, type ApiResult, inProcessClient } from "./support/client";
import { discoverRoutes, fill } from "./support/routes";
import { snapshotDatabase } from "./support/snapshot";

/**
 * Who may do what, generated from the rules module (lib/permissions.ts) rather than written out:
 * for both deal visibility settings, a rep and a manager try every action on their own deal, a
 * colleague's and an unassigned one, through every deal route that performs it. What the module
 * allows must answer 2xx; what it refuses on a deal the caller can see, 403; a deal the caller
 * cannot see, 404, as a missing one. A refused request changes nothing. A route added under
 * /deals/[id] fails the first test until it is given its action here.
 *
 * Then every endpoint that takes an Idempotency-Key is tried with a colleague's key: a key belongs
 * to whoever sent it, so the colleague's request runs as his own, never as a replay of another's.
 */

const client: ApiClient = inProcessClient();
const DEALS = "/api/v1/crm/deals";

/** Each deal route and method, with the action it performs and a request that performs it. */
interface Attempt {
  action: DealAction;
  body?: (ctx: { actor: TestUser; deal: Deal }) => unknown;
  /** The deal must be in the trash first. */
  deleted?: boolean;
  /** The path names one of the deal's activities (`[activityId]`). */
  activity?: boolean;
  /** An action on that activity (a manager's note): decided by `canOnActivity`, not `canOnDeal`. */
  onActivity?: ActivityAction;
}
type Deal = { id: string; assigned_member_id: string | null };

const ROUTE_ACTIONS: Record<string, Attempt[]> = {
  "GET /api/v1/crm/deals/[id]": [{ action: "read" }],
  "PATCH /api/v1/crm/deals/[id]": [
    { action: "edit", body: () => ({ note: "edited" }) },
    // Reassign: to the actor if the deal is not theirs, else to someone else.
    { action: "reassign", body: ({ actor, deal }) => ({ assigned_member_id: deal.assigned_member_id === actor.userId ? people.colleague.userId : actor.userId }) },
  ],
  "DELETE /api/v1/crm/deals/[id]": [{ action: "delete" }],
  "POST /api/v1/crm/deals/[id]/stage": [{ action: "move", body: () => ({ stage: "negotiation" }) }],
  "GET /api/v1/crm/deals/[id]/activities": [{ action: "read" }],
  "GET /api/v1/crm/deals/[id]/activities/[activityId]": [{ action: "read", activity: true }],
  "POST /api/v1/crm/deals/[id]/activities": [{ action: "comment", body: () => ({ type: "note", content: "noted" }) }],
  "PATCH /api/v1/crm/deals/[id]/activities/[activityId]": [{ action: "edit", activity: true, onActivity: "edit", body: () => ({ content: "rewritten" }) }],
  "DELETE /api/v1/crm/deals/[id]/activities/[activityId]": [{ action: "delete", activity: true, onActivity: "delete" }],
  "POST /api/v1/crm/deals/[id]/restore": [{ action: "restore", deleted: true }],
};

const people = {} as { manager: TestUser; rep: TestUser; colleague: TestUser; admin: TestUser };

async function post(user: TestUser, path: string, body?: unknown): Promise<ApiResult> {
  return client.call("POST", path, { token: user.token, body });
}

async function setVisibility(value: DealVisibility) {
  const res = await client.call("PATCH", "/api/v1/workspace", { token: people.manager.token, body: { deal_visibility: value } });
  expect(res.status).toBe(200);
}

/** A fresh deal owned by `owner` (null: unassigned), in the trash if asked. */
async function dealOwnedBy(owner: TestUser | null, deleted = false): Promise<Deal & { activityId: string }> {
  const res = await post(people.manager, DEALS, { name: "Matrix deal", assigned_member_id: owner?.userId ?? null });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  const note = await post(people.manager, `${DEALS}/${res.body.deal.id}/activities`, { type: "note", content: "A manager's note" });
  if (note.status !== 201) throw new Error(`note: ${note.status} ${note.text}`);
  const deal = { ...(res.body.deal as Deal), activityId: note.body.activity.id as string };
  if (deleted) expect((await client.call("DELETE", `${DEALS}/${deal.id}`, { token: people.manager.token })).status).toBe(200);
  return deal;
}

beforeAll(async () => {
  people.manager = await signUp({ name: "Manager Mika" });
  people.rep = await addRep(people.manager, "Rep Ken");
  people.colleague = await addRep(people.manager, "Rep Emily");
  people.admin = await joinByInvitation(people.manager, await signUp({ name: "Admin Aya" }), "admin");
});

describe("the permission matrix, from lib/permissions.ts", () => {
  it("knows the action of every method of every deal record route", async () => {
    const routes = (await discoverRoutes()).filter((r) => r.template.startsWith(`${DEALS}/[id]`));
    const missing = routes.flatMap((r) => r.methods.map((m) => `${m} ${r.template}`)).filter((key) => !(key in ROUTE_ACTIONS));
    expect(missing).toEqual([]);
    // And every action of the module is exercised by some route.
    const covered = new Set(Object.values(ROUTE_ACTIONS).flatMap((a) => a.map((x) => x.action)));
    expect(DEAL_ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
  });

  for (const visibility of ["all", "own"] as const) {
    it(`visibility ${visibility}: every role × whose deal × route answers as the rules say, and refusals change nothing`, async () => {
      await setVisibility(visibility);
      const failures: string[] = [];
      let checked = 0;
      for (const role of ["rep", "manager"] as const) {
        const actor = role === "rep" ? people.rep : people.manager;
        const rules: Actor = { userId: actor.userId, isManager: role === "manager", dealVisibility: visibility };
        const owners = { own: actor, colleagues: role === "rep" ? people.colleague : people.rep, unassigned: null };
        for (const [whose, owner] of Object.entries(owners)) {
          for (const [key, attempts] of Object.entries(ROUTE_ACTIONS)) {
            const [method, template] = key.split(" ");
            for (const attempt of attempts) {
              const deal = await dealOwnedBy(owner, attempt.deleted);
              const note = { type: "note", created_by: people.manager.userId, assignee_id: null };
              const allowed = attempt.onActivity
                ? canSeeDeal(rules, deal) && canOnActivity(rules, attempt.onActivity, note, deal)
                : canOnDeal(rules, attempt.action, deal);
              const expected = allowed ? "2xx" : canSeeDeal(rules, deal) ? 403 : 404;
              const before = allowed ? null : await snapshotDatabase(getDb());
              const path = fill(template, { id: deal.id, ...(attempt.activity ? { activityId: deal.activityId } : {}) });
              const res = await client.call(method, path, { token: actor.token, body: attempt.body?.({ actor, deal }) });
              checked++;
              const ok = expected === "2xx" ? res.status >= 200 && res.status < 300 : res.status === expected;
              const label = `${role} on ${whose} deal, ${attempt.action} via ${key}: expected ${expected}, got ${res.status}`;
              if (!ok) failures.push(`${label} ${res.text.slice(0, 160)}`);
              else if (expected !== "2xx" && res.headers.get("content-type") !== "application/problem+json") failures.push(`${label}: not problem+json`);
              if (before && JSON.stringify(await snapshotDatabase(getDb())) !== JSON.stringify(before)) failures.push(`${label}: the refusal changed the database`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBe(2 * 3 * Object.values(ROUTE_ACTIONS).flat().length);
    });

    it(`visibility ${visibility}: lists, the trash, search and the board show a rep exactly the deals the rules let him see`, async () => {
      await setVisibility(visibility);
      const rules: Actor = { userId: people.rep.userId, isManager: false, dealVisibility: visibility };
      // The manager sees every deal: the rep must see exactly the ones the rules let him.
      for (const query of ["", "&search=Matrix", "&deleted=true", "&stage=negotiation", "&sort=amount&order=desc"]) {
        const everything = await client.call("GET", `${DEALS}?limit=200${query}`, { token: people.manager.token });
        const seen = await client.call("GET", `${DEALS}?limit=200${query}`, { token: people.rep.token });
        const expected = (everything.body.items as Deal[]).filter((d) => canSeeDeal(rules, d)).map((d) => d.id).sort();
        const got = (seen.body.items as Deal[]).map((d) => d.id).sort();
        expect(got, query).toEqual(expected);
        expect(seen.body.total, `${query} total`).toBe(got.length);
        if (visibility === "all") expect(got.length, query).toBe(everything.body.items.length);
      }
      const all = await client.call("GET", `${DEALS}?limit=200`, { token: people.manager.token });
      const board = await client.call("GET", "/api/v1/crm/board?per_stage=200", { token: people.rep.token });
      const onBoard = (board.body.columns as Array<{ items: Deal[]; count: number }>).flatMap((c) => c.items).map((d) => d.id).sort();
      expect(onBoard).toEqual((all.body.items as Deal[]).filter((d) => canSeeDeal(rules, d)).map((d) => d.id).sort());
      expect((board.body.columns as Array<{ count: number }>).reduce((n, c) => n + c.count, 0)).toBe(onBoard.length);
    });
  }
});

describe("a colleague's Idempotency-Key", () => {
  it("never replays another caller's request, on every endpoint that takes a key", async () => {
    await setVisibility("all");
    const idempotent = OPERATIONS.filter((op) => op.idempotent);
    expect(idempotent.length).toBeGreaterThanOrEqual(5);
    const failures: string[] = [];
    // Writes only managers may make are tried between two managers; the others between two reps.
    const MANAGER_WRITES = new Set(["createPipeline"]);
    for (const op of idempotent) {
      const [me, colleague] = MANAGER_WRITES.has(op.operationId) ? [people.manager, people.admin] : [people.rep, people.colleague];
      const target = (await dealOwnedBy(people.rep)).id;
      const path = op.path.replace("{id}", target);
      const body =
        op.path.endsWith("/stage") ? { stage: "proposal" } : op.path.endsWith("/activities") ? { type: "note", content: "same words" } : op.path.endsWith("/contacts") ? { first_name: "Same" } : { name: "Same name" };
      const other = op.path.endsWith("/stage")
        ? { stage: "negotiation" }
        : op.path.endsWith("/contacts")
          ? { first_name: "Other" }
          : op.path.endsWith("/activities")
            ? { type: "note", content: "other words" }
            : { name: "Other name" };
      // The same key with the same body, and (another key) with a different body.
      for (const [variant, colleagueBody] of [["same body", body], ["other body", other]] as const) {
        const key = `shared-${op.operationId}-${variant.replace(" ", "-")}`;
        const first = await client.call("POST", path, { token: me.token, body, headers: { "idempotency-key": key } });
        if (first.status >= 300) {
          failures.push(`${op.operationId}: the first request failed, ${first.status} ${first.text.slice(0, 120)}`);
          continue;
        }
        const theirs = await client.call("POST", path, { token: colleague.token, body: colleagueBody, headers: { "idempotency-key": key } });
        const label = `${op.operationId}, ${variant}`;
        if (theirs.headers.get("idempotent-replayed")) failures.push(`${label}: replayed the first caller's response`);
        if (theirs.body?.code === "idempotency_key_reused") failures.push(`${label}: told the colleague the key is in use`);
        if (theirs.status >= 300) failures.push(`${label}: ${theirs.status} ${theirs.text.slice(0, 120)}`);
        if (theirs.status === 201) {
          const record = theirs.body?.deal ?? theirs.body?.company ?? theirs.body?.contact ?? theirs.body?.activity ?? theirs.body?.pipeline;
          // A pipeline does not say who created it; that it is another record than the first caller's is the point.
          if (!theirs.body?.pipeline && record?.created_by !== colleague.userId) failures.push(`${label}: the colleague got a record created by ${record?.created_by}`);
          if (record?.id === (first.body?.deal ?? first.body?.company ?? first.body?.contact ?? first.body?.activity ?? first.body?.pipeline)?.id) failures.push(`${label}: the colleague got the first caller's record`);
        }
        // The first caller's own repeat is still a replay.
        const again = await client.call("POST", path, { token: me.token, body, headers: { "idempotency-key": key } });
        if (again.headers.get("idempotent-replayed") !== "true") failures.push(`${label}: the caller's own repeat was not replayed`);
      }
    }
    expect(failures).toEqual([]);
  });
});
