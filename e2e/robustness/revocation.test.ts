import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { dealChangeHub } from "@/lib/realtime/listener";
import { publishDealChange } from "@/lib/realtime/notify";
import { api, request, signIn, signUp, type TestUser } from "@/tests/support/http";
import { latestMail } from "@/tests/support/mail";

/**
 * The event stream outlives nothing: generated over every way a session can lose its right to a
 * workspace's events (sign-out, one session revoked from another, all sessions revoked, a
 * password reset, expiry, removal from the workspace, leaving it, switching to another
 * workspace) × cookie and Bearer.
 * For each, a stream is opened, the change is made, and the stream must end (`event: closed`)
 * within a few heartbeats, and a reconnect must be refused (401/403) or, after a switch, carry
 * only the new workspace's events.
 */

const HEARTBEAT_MS = 150;
const CLOSE_WITHIN_MS = HEARTBEAT_MS * 3 + 1_500;

let savedHeartbeat: number;
beforeAll(() => {
  savedHeartbeat = env.EVENTS_HEARTBEAT_MS;
  env.EVENTS_HEARTBEAT_MS = HEARTBEAT_MS;
});
afterAll(async () => {
  env.EVENTS_HEARTBEAT_MS = savedHeartbeat;
  await dealChangeHub().stop();
});

type Credential = "cookie" | "bearer";

interface World {
  manager: TestUser;
  /** A sales rep of the manager's workspace, working in it; the stream is theirs. */
  rep: TestUser;
  repOwnWorkspace: string;
  workspace: string;
  credential: Credential;
}

const as = (user: TestUser, credential: Credential) => (credential === "cookie" ? { cookie: user.cookie } : { token: user.token });

async function world(credential: Credential): Promise<World> {
  const manager = await signUp({ name: "Stream Manager" });
  const email = `rep-${randomBytes(4).toString("hex")}@example.test`;
  const first = await signUp({ email, name: "Stream Rep" });
  await getDb()
    .insertInto("member")
    .values({ id: newId("member"), organizationId: manager.tenantId, userId: first.userId, role: "member", createdAt: new Date() })
    .execute();
  // A session opened now starts in the most recently joined workspace: the manager's.
  const rep = await signIn(email, first.password);
  expect(rep.tenantId).toBe(manager.tenantId);
  return { manager, rep, repOwnWorkspace: first.tenantId, workspace: manager.tenantId, credential };
}

interface Revocation {
  name: string;
  /** What a reconnect with the same credential gets. */
  reconnect: 401 | 403 | "new workspace";
  apply(w: World): Promise<void>;
}

const REVOCATIONS: Revocation[] = [
  {
    name: "sign-out",
    reconnect: 401,
    apply: async (w) => expect((await api.post("/api/auth/sign-out", {}, as(w.rep, w.credential))).status).toBe(200),
  },
  {
    name: "the session revoked from another session",
    reconnect: 401,
    async apply(w) {
      const other = await signIn(w.rep.email, w.rep.password);
      const res = await api.post("/api/auth/revoke-session", { token: w.rep.token.split(".")[0] }, { token: other.token });
      expect(res.status).toBe(200);
    },
  },
  {
    name: "all of the user's sessions revoked",
    reconnect: 401,
    async apply(w) {
      const other = await signIn(w.rep.email, w.rep.password);
      expect((await api.post("/api/auth/revoke-sessions", {}, { token: other.token })).status).toBe(200);
    },
  },
  {
    name: "a password reset",
    reconnect: 401,
    async apply(w) {
      expect((await api.post("/api/auth/request-password-reset", { email: w.rep.email, redirectTo: "/reset-password" })).status).toBe(200);
      const landing = await request("GET", (await latestMail(w.rep.email, "reset-password")).link);
      const token = new URL(landing.headers.get("location")!, "http://localhost:3000").searchParams.get("token");
      expect((await api.post("/api/auth/reset-password", { newPassword: "reset-during-stream", token })).status).toBe(200);
    },
  },
  {
    name: "the session expired",
    reconnect: 401,
    async apply(w) {
      await getDb().updateTable("session").set({ expiresAt: new Date(Date.now() - 1_000) }).where("token", "=", w.rep.token.split(".")[0]).execute();
    },
  },
  {
    name: "removal from the workspace by a manager",
    reconnect: 403,
    async apply(w) {
      const res = await api.post("/api/auth/organization/remove-member", { memberIdOrEmail: w.rep.email, organizationId: w.workspace }, { token: w.manager.token });
      expect(res.status, await res.clone().text()).toBe(200);
    },
  },
  {
    name: "leaving the workspace",
    reconnect: 403,
    async apply(w) {
      const res = await api.post("/api/auth/organization/leave", { organizationId: w.workspace }, as(w.rep, w.credential));
      expect(res.status, await res.clone().text()).toBe(200);
    },
  },
  {
    name: "a switch to another workspace",
    reconnect: "new workspace",
    async apply(w) {
      const res = await api.post("/api/auth/organization/set-active", { organizationId: w.repOwnWorkspace }, as(w.rep, w.credential));
      expect(res.status, await res.clone().text()).toBe(200);
    },
  },
];

/** An event stream read as raw text. */
class StreamText {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  /** A read still under way when a wait timed out: the next wait takes its chunk. */
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  text = "";
  ended = false;

  constructor(res: Response) {
    this.reader = res.body!.getReader();
  }

  /** Reads until `done(text)` holds, the stream ends, or `ms` pass; true if `done` held. */
  async until(done: (text: string) => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done(this.text) && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([this.pending, new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (chunk === null) return done(this.text);
      this.pending = null;
      if (chunk.done) this.ended = true;
      else this.text += this.decoder.decode(chunk.value, { stream: true });
    }
    return done(this.text);
  }

  async untilEnd(ms: number): Promise<boolean> {
    await this.until(() => false, ms);
    return this.ended;
  }

  close = () => this.reader.cancel().catch(() => {});
}

async function announce(tenantId: string, dealId: string) {
  await getDb()
    .transaction()
    .execute((trx) => publishDealChange(trx, { tenant_id: tenantId, deal_id: dealId, kind: "stage_changed", version: 2, stage: "proposal", by: null, owner: null }));
}

async function openStream(w: World): Promise<StreamText> {
  const res = await request("GET", "/api/v1/crm/events", as(w.rep, w.credential));
  expect(res.status).toBe(200);
  const stream = new StreamText(res);
  expect(await stream.until((t) => t.includes("event: ready"), 5_000)).toBe(true);
  return stream;
}

const tag = (name: string) => `deal_${name}_${randomBytes(3).toString("hex")}`;

describe("event streams end when the session loses the workspace", () => {
  for (const revocation of REVOCATIONS) {
    for (const credential of ["cookie", "bearer"] as const) {
      it(`${revocation.name} (${credential})`, async () => {
        const w = await world(credential);
        const stream = await openStream(w);
        const before = tag("before");
        await announce(w.workspace, before);
        expect(await stream.until((t) => t.includes(before), 5_000)).toBe(true);

        await revocation.apply(w);
        const revokedAt = Date.now();
        expect(await stream.untilEnd(CLOSE_WITHIN_MS), `the stream was still open ${CLOSE_WITHIN_MS} ms after ${revocation.name}`).toBe(true);
        expect(Date.now() - revokedAt).toBeLessThan(CLOSE_WITHIN_MS);
        expect(stream.text).toMatch(/event: closed\ndata: \{"reason":"(session_ended|membership_ended|workspace_changed)"\}\n\n$/);

        const again = await request("GET", "/api/v1/crm/events", as(w.rep, w.credential));
        if (revocation.reconnect === "new workspace") {
          expect(again.status).toBe(200);
          const fresh = new StreamText(again);
          expect(await fresh.until((t) => t.includes("event: ready"), 5_000)).toBe(true);
          const old = tag("old");
          const own = tag("own");
          await announce(w.workspace, old);
          await announce(w.repOwnWorkspace, own);
          expect(await fresh.until((t) => t.includes(own), 5_000)).toBe(true);
          expect(fresh.text).not.toContain(old);
          await fresh.close();
        } else {
          expect(again.status).toBe(revocation.reconnect);
          expect(again.headers.get("content-type")).toBe("application/problem+json");
        }
      });
    }
  }

  it("keeps a stream open, with a heartbeat every EVENTS_HEARTBEAT_MS, while the session stays good", async () => {
    const w = await world("bearer");
    const stream = await openStream(w);
    expect(await stream.untilEnd(HEARTBEAT_MS * 8)).toBe(false);
    expect(stream.text.match(/: heartbeat/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    const still = tag("still");
    await announce(w.workspace, still);
    expect(await stream.until((t) => t.includes(still), 5_000)).toBe(true);
    await stream.close();
  });
});
