import { beforeAll, describe, expect, it } from "vitest";
import { activitySchema, type Activity, type Deal, taskListResponseSchema } from "@/lib/deals/schema";
import { api, signUp, type TestUser } from "@/tests/support/http";
import { activitiesOf, addRep, createDeal, DEALS, getDeal, snapshot } from "../deals/deals-test-helpers";

/**
 * Tasks: due, assignee and done on task activities; editing and deleting timeline entries; a
 * deal's next step and the follow-up date it drives; the task list across deals.
 */

const TASKS = "/api/v1/crm/tasks";

let manager: TestUser;
let ken: TestUser;
let emily: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  manager = await signUp({ name: "Manager Mika" });
  ken = await addRep(manager, "Rep Ken");
  emily = await addRep(manager, "Rep Emily");
  outsider = await signUp({ name: "Other Workspace" });
});

async function addTask(user: TestUser, dealId: string, body: Record<string, unknown> = {}): Promise<Activity> {
  const res = await api.post(`${DEALS}/${dealId}/activities`, { type: "task", content: "Send the quote", ...body }, { token: user.token });
  if (res.status !== 201) throw new Error(`task failed: ${res.status} ${await res.text()}`);
  return activitySchema.parse((await res.json()).activity);
}

const activityUrl = (dealId: string, id: string) => `${DEALS}/${dealId}/activities/${id}`;

async function listTasks(user: TestUser, query = "") {
  const res = await api.get(`${TASKS}?${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return taskListResponseSchema.parse(await res.json());
}

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("tasks on a deal", () => {
  it("stores a day or a moment, defaults the assignee to the deal's owner, and becomes the next step", async () => {
    const deal = await createDeal(ken, { name: "Hokkaido fleet" });
    const task = await addTask(ken, deal.id, { due_at: "2027-01-10" });
    expect(task).toMatchObject({ type: "task", due_at: "2027-01-10", due_date: "2027-01-10", assignee_id: ken.userId, assignee_name: "Rep Ken", done: false, done_at: null, version: 1, edited_at: null });
    const timed = await addTask(ken, deal.id, { content: "Call at nine", due_at: "2027-01-05T09:00:00+09:00", assignee_id: emily.userId });
    expect(timed).toMatchObject({ due_at: "2027-01-05T00:00:00.000Z", due_date: "2027-01-05", assignee_id: emily.userId });

    const after = await getDeal(ken, deal.id);
    expect(after.next_step).toEqual({ activity_id: timed.id, content: "Call at nine", due_at: "2027-01-05T00:00:00.000Z" });
    // The follow-up date follows the next step's day, recorded on the timeline.
    expect(after.next_followup_date).toBe("2027-01-05");
    expect(after.version).toBeGreaterThan(deal.version);
    const changes = (await activitiesOf(ken, deal.id)).filter((a) => a.type === "field_change");
    expect(changes[0].data).toMatchObject({ changes: [{ field: "next_followup_date", before: "2027-01-10", after: "2027-01-05" }] });

    // The board card has it too, without a join.
    const board = await (await api.get("/api/v1/crm/board", { token: ken.token })).json();
    const card = board.columns.flatMap((c: { items: Deal[] }) => c.items).find((d: Deal) => d.id === deal.id);
    expect(card.next_step).toEqual(after.next_step);
  });

  it("accepts the deprecated due_date as a day", async () => {
    const deal = await createDeal(ken);
    const task = await addTask(ken, deal.id, { due_date: "2027-02-01" });
    expect(task.due_at).toBe("2027-02-01");
  });

  it("refuses bad input with per-field errors and writes nothing", async () => {
    const deal = await createDeal(ken);
    const before = await snapshot(deal.id);
    for (const body of [
      { type: "task", content: "x", due_at: "tomorrow" },
      { type: "task", content: "x", due_at: "2027-02-30" },
      { type: "task", content: "x", assignee_id: "nobody" },
      { type: "note", content: "x", assignee_id: ken.userId },
      { type: "task", content: "x", due_at: "2027-01-01", due_date: "2027-01-01" },
    ]) {
      const res = await api.post(`${DEALS}/${deal.id}/activities`, body, { token: ken.token });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      const problem = await res.json();
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors.length).toBeGreaterThan(0);
    }
    // A member of another workspace is no assignee here.
    const res = await api.post(`${DEALS}/${deal.id}/activities`, { type: "task", content: "x", assignee_id: outsider.userId }, { token: ken.token });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({ field: "assignee_id", code: "invalid_reference" });
    expect(await snapshot(deal.id)).toEqual(before);
  });
});

describe("PATCH and DELETE an activity", () => {
  it("marks a task done (stamped), moves the next step on, and opens it again", async () => {
    const deal = await createDeal(ken);
    const first = await addTask(ken, deal.id, { content: "First", due_at: "2027-03-01" });
    const second = await addTask(ken, deal.id, { content: "Second", due_at: "2027-03-08" });
    const res = await api.patch(activityUrl(deal.id, first.id), { done: true }, { token: ken.token, headers: { "if-match": '"1"' } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    const done = activitySchema.parse((await res.json()).activity);
    expect(done).toMatchObject({ done: true, version: 2, edited_at: null });
    expect(Date.parse(done.done_at!)).toBeGreaterThan(Date.now() - 60_000);
    let current = await getDeal(ken, deal.id);
    expect(current.next_step?.activity_id).toBe(second.id);
    expect(current.next_followup_date).toBe("2027-03-08");
    expect(current.audit_log.at(-1)).toMatchObject({ activity: { id: first.id, action: "completed", before: { done: false } }, by: ken.userId });

    await api.patch(activityUrl(deal.id, first.id), { done: false }, { token: ken.token });
    current = await getDeal(ken, deal.id);
    expect(current.next_step?.activity_id).toBe(first.id);
    expect((await api.get(activityUrl(deal.id, first.id), { token: ken.token }).then((r) => r.json())).activity.done_at).toBeNull();
  });

  it("edits content, due and assignee, shows the entry as edited, and answers 409 with the current activity on a stale If-Match", async () => {
    const deal = await createDeal(ken);
    const task = await addTask(ken, deal.id, { due_at: "2027-04-01" });
    const res = await api.patch(activityUrl(deal.id, task.id), { content: "Send the revised quote", due_at: "2027-04-03T15:00:00Z", assignee_id: emily.userId, version: 1 }, { token: ken.token });
    expect(res.status).toBe(200);
    const edited = activitySchema.parse((await res.json()).activity);
    expect(edited).toMatchObject({ content: "Send the revised quote", due_at: "2027-04-03T15:00:00.000Z", assignee_id: emily.userId, version: 2 });
    expect(edited.edited_at).not.toBeNull();
    expect((await getDeal(ken, deal.id)).next_step).toEqual({ activity_id: task.id, content: "Send the revised quote", due_at: "2027-04-03T15:00:00.000Z" });

    const before = await snapshot(deal.id);
    const stale = await api.patch(activityUrl(deal.id, task.id), { content: "Lost update" }, { token: ken.token, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(409);
    const problem = await stale.json();
    expect(problem.code).toBe("version_conflict");
    expect(problem.activity).toMatchObject({ id: task.id, content: "Send the revised quote", version: 2 });
    expect(await snapshot(deal.id)).toEqual(before);
  });

  it("lets the author and managers edit or delete an entry, the assignee only mark it done; nobody touches system entries", async () => {
    const deal = await createDeal(manager, { assigned_member_id: emily.userId });
    const note = await (await api.post(`${DEALS}/${deal.id}/activities`, { type: "note", content: "Ken's note" }, { token: ken.token })).json();
    const noteId = note.activity.id as string;
    // Emily (the deal's owner, not the author) may neither edit nor delete Ken's note.
    const before = await snapshot(deal.id);
    expect((await api.patch(activityUrl(deal.id, noteId), { content: "Emily's words" }, { token: emily.token })).status).toBe(403);
    const refused = await api.delete(activityUrl(deal.id, noteId), { token: emily.token });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe("forbidden");
    expect(await snapshot(deal.id)).toEqual(before);
    // Ken edits his own note; it shows as edited.
    const edited = await (await api.patch(activityUrl(deal.id, noteId), { content: "Ken's note, corrected" }, { token: ken.token })).json();
    expect(edited.activity.edited_at).not.toBeNull();
    // A note has no assignee or done state.
    const bad = await api.patch(activityUrl(deal.id, noteId), { done: true }, { token: ken.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ field: "done" });

    // The assignee of a manager's task may mark it done but not rewrite it.
    const task = await addTask(manager, deal.id, { assignee_id: ken.userId });
    expect((await api.patch(activityUrl(deal.id, task.id), { content: "Changed" }, { token: ken.token })).status).toBe(403);
    expect((await api.patch(activityUrl(deal.id, task.id), { done: true }, { token: ken.token })).status).toBe(200);

    // A manager deletes anyone's note; the deal's audit log keeps what it said.
    const del = await api.delete(activityUrl(deal.id, noteId), { token: manager.token });
    expect(del.status).toBe(200);
    expect((await api.get(activityUrl(deal.id, noteId), { token: manager.token })).status).toBe(404);
    const after = await getDeal(manager, deal.id);
    expect(after.audit_log.at(-1)).toMatchObject({ activity: { id: noteId, type: "note", action: "deleted", before: { content: "Ken's note, corrected" } }, by: manager.userId });

    // System entries: 409 system_activity for everyone, nothing changed.
    const created = (await activitiesOf(manager, deal.id)).find((a) => a.type === "created")!;
    const snap = await snapshot(deal.id);
    for (const res of [
      await api.patch(activityUrl(deal.id, created.id), { content: "x" }, { token: manager.token }),
      await api.delete(activityUrl(deal.id, created.id), { token: manager.token }),
    ]) {
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe("system_activity");
    }
    expect(await snapshot(deal.id)).toEqual(snap);
  });

  it("deleting the next step's task moves the next step on (and clears it when none is left)", async () => {
    const deal = await createDeal(ken);
    const task = await addTask(ken, deal.id, { due_at: "2027-05-01" });
    expect((await getDeal(ken, deal.id)).next_step?.activity_id).toBe(task.id);
    expect((await api.delete(activityUrl(deal.id, task.id), { token: ken.token })).status).toBe(200);
    const after = await getDeal(ken, deal.id);
    expect(after.next_step).toBeNull();
    expect(after.next_followup_date).toBeNull();
  });

  it("keeps a follow-up date set by hand until it is cleared", async () => {
    const deal = await createDeal(ken, { next_followup_date: "2027-06-30" });
    await addTask(ken, deal.id, { due_at: "2027-06-01" });
    expect((await getDeal(ken, deal.id)).next_followup_date).toBe("2027-06-30");
    // Cleared: the next task change drives it again.
    const current = await getDeal(ken, deal.id);
    expect((await api.patch(`${DEALS}/${deal.id}`, { next_followup_date: null, version: current.version }, { token: ken.token })).status).toBe(200);
    await addTask(ken, deal.id, { due_at: "2027-06-15" });
    expect((await getDeal(ken, deal.id)).next_followup_date).toBe("2027-06-01");
  });

  it("is 404 for another workspace's deal or activity, and for a malformed id", async () => {
    const deal = await createDeal(ken);
    const task = await addTask(ken, deal.id);
    for (const res of [
      await api.patch(activityUrl(deal.id, task.id), { done: true }, { token: outsider.token }),
      await api.delete(activityUrl(deal.id, task.id), { token: outsider.token }),
      await api.patch(activityUrl(deal.id, "act_nope"), { done: true }, { token: ken.token }),
      await api.delete(activityUrl(deal.id, "act_nope"), { token: ken.token }),
    ]) {
      expect(res.status).toBe(404);
    }
    const other = await createDeal(ken);
    expect((await api.patch(activityUrl(other.id, task.id), { done: true }, { token: ken.token })).status).toBe(404);
    expect((await snapshot(deal.id)).deal.next_task_id).toBe(task.id);
  });
});

describe("GET /tasks", () => {
  let workspace: TestUser;
  let rep: TestUser;
  let repDeal: Deal;
  let managerDeal: Deal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    workspace = await signUp({ name: "Lead Lena" });
    rep = await addRep(workspace, "Rep Rui");
    repDeal = await createDeal(rep, { name: "Rui's deal" });
    managerDeal = await createDeal(workspace, { name: "Lena's deal" });
    ids.overdue = (await addTask(rep, repDeal.id, { content: "Overdue", due_at: dayOffset(-3) })).id;
    ids.soon = (await addTask(rep, repDeal.id, { content: "Soon", due_at: dayOffset(2) })).id;
    ids.later = (await addTask(rep, repDeal.id, { content: "Later", due_at: dayOffset(20) })).id;
    ids.undated = (await addTask(rep, repDeal.id, { content: "Undated" })).id;
    ids.managers = (await addTask(workspace, managerDeal.id, { content: "Manager's", due_at: dayOffset(1) })).id;
    ids.done = (await addTask(rep, repDeal.id, { content: "Done" })).id;
    await api.patch(activityUrl(repDeal.id, ids.done), { done: true }, { token: rep.token });
  });

  it("lists open tasks by due (undated last) with the deal's name, stage and owner", async () => {
    const page = await listTasks(rep, "assignee=me");
    expect(page.items.map((t) => t.id)).toEqual([ids.overdue, ids.soon, ids.later, ids.undated]);
    expect(page.items[0].deal).toEqual({ id: repDeal.id, deal_number: repDeal.deal_number, name: "Rui's deal", stage: "lead", assigned_member_id: rep.userId, assigned_member_name: "Rep Rui" });
    expect(page.next_cursor).toBeNull();
  });

  it("filters by status, assignee and due range", async () => {
    expect((await listTasks(rep, "assignee=me&status=overdue")).items.map((t) => t.id)).toEqual([ids.overdue]);
    expect((await listTasks(rep, "assignee=me&status=done")).items.map((t) => t.id)).toEqual([ids.done]);
    expect((await listTasks(rep, `assignee=me&due_after=${dayOffset(0)}&due_before=${dayOffset(7)}`)).items.map((t) => t.id)).toEqual([ids.soon]);
    expect((await listTasks(workspace, `assignee=${workspace.userId}`)).items.map((t) => t.id)).toEqual([ids.managers]);
    expect((await listTasks(workspace)).items.map((t) => t.id)).toEqual([ids.overdue, ids.managers, ids.soon, ids.later, ids.undated]);
  });

  it("walks pages with a cursor bound to its filters", async () => {
    const first = await listTasks(workspace, "limit=2");
    expect(first.items.map((t) => t.id)).toEqual([ids.overdue, ids.managers]);
    const second = await listTasks(workspace, `limit=2&cursor=${first.next_cursor}`);
    expect(second.items.map((t) => t.id)).toEqual([ids.soon, ids.later]);
    const third = await listTasks(workspace, `limit=2&cursor=${second.next_cursor}`);
    expect(third.items.map((t) => t.id)).toEqual([ids.undated]);
    expect(third.next_cursor).toBeNull();
    const mismatched = await api.get(`${TASKS}?limit=2&status=done&cursor=${first.next_cursor}`, { token: workspace.token });
    expect(mismatched.status).toBe(400);
    expect((await mismatched.json()).code).toBe("invalid_cursor");
  });

  it("shows a rep limited to his own deals no one else's tasks, and another workspace nothing", async () => {
    expect((await api.patch("/api/v1/workspace", { deal_visibility: "own" }, { token: workspace.token })).status).toBe(200);
    try {
      expect((await listTasks(rep)).items.map((t) => t.id)).toEqual([ids.overdue, ids.soon, ids.later, ids.undated]);
      // Even a task assigned to him on a deal he cannot see stays hidden.
      const hidden = await addTask(workspace, managerDeal.id, { content: "For Rui", assignee_id: rep.userId });
      expect((await listTasks(rep, "assignee=me")).items.map((t) => t.id)).not.toContain(hidden.id);
      expect((await listTasks(workspace, "assignee=" + rep.userId)).items.map((t) => t.id)).toContain(hidden.id);
    } finally {
      await api.patch("/api/v1/workspace", { deal_visibility: "all" }, { token: workspace.token });
    }
    expect((await listTasks(outsider)).items).toEqual([]);
    expect((await listTasks(outsider, `assignee=${rep.userId}`)).items).toEqual([]);
  });

  it("leaves out tasks of deals in the trash", async () => {
    const deal = await createDeal(rep);
    const task = await addTask(rep, deal.id, { due_at: dayOffset(1) });
    expect((await listTasks(rep)).items.map((t) => t.id)).toContain(task.id);
    expect((await api.delete(`${DEALS}/${deal.id}`, { token: rep.token })).status).toBe(200);
    expect((await listTasks(rep)).items.map((t) => t.id)).not.toContain(task.id);
  });

  it("refuses bad parameters with per-field errors", async () => {
    for (const query of ["status=late", "assignee=someone", "due_before=soon", "limit=0", "cursor=%%%", "extra=1"]) {
      const res = await api.get(`${TASKS}?${query}`, { token: rep.token });
      expect(res.status, query).toBe(400);
      const problem = await res.json();
      expect(problem.errors?.length ?? 0, query).toBeGreaterThan(0);
    }
    expect((await api.get(TASKS)).status).toBe(401);
  });
});

describe("GET /tasks with API keys", () => {
  it("an application-scoped key lists only the tasks of its application's deals; a workspace key every deal's", async () => {
    const owner = await signUp({ name: "Keys Kaori" });
    const key = async (scope: "application" | "workspace", name: string) => {
      const res = await api.post("/api/v1/api-keys", { name, access: "read_write", scope }, { token: owner.token });
      expect(res.status).toBe(201);
      return (await res.json()).secret as string;
    };
    const app = await key("application", "Importer");
    const workspace = await key("workspace", "Warehouse");
    const appDeal = (await (await api.post(DEALS, { name: "Imported" }, { token: app })).json()).deal as Deal;
    const personDeal = await createDeal(owner, { name: "By hand" });
    const appTask = await addTask(owner, appDeal.id, { content: "Imported deal's task", due_at: "2027-01-01" });
    const personTask = await addTask(owner, personDeal.id, { content: "Hand deal's task", due_at: "2027-01-02" });

    const seen = async (token: string) => {
      const res = await api.get(TASKS, { token });
      expect(res.status).toBe(200);
      return ((await res.json()).items as Activity[]).map((t) => t.id);
    };
    expect(await seen(app)).toEqual([appTask.id]);
    expect(await seen(workspace)).toEqual([appTask.id, personTask.id]);
    // Writes on a deal the application cannot see are 404, like the deal itself.
    expect((await api.patch(activityUrl(personDeal.id, personTask.id), { done: true }, { token: app })).status).toBe(404);
  });
});
