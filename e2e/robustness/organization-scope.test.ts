import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { signUp, type TestUser } from "@/tests/support/http";
import { type AuthEndpoint, authEndpoints } from "./support/auth-endpoints";
import { type ApiClient, inProcessClient } from "./support/client";
import { snapshotDatabase } from "./support/snapshot";

/**
 * better-auth's organization endpoints, generated from the configured instance: every one that
 * takes an `organizationId` or `organizationSlug` is called by a member of one workspace naming
 * another workspace (by id and by slug) and a workspace that does not exist. Each must be
 * refused exactly like a missing workspace (404 problem+json), change nothing in the database,
 * and leave the caller's own session as it was: some of better-auth's endpoints cleared the
 * caller's active workspace on the way out (a GET, so a link on another site could do it).
 */

const client: ApiClient = inProcessClient();
let A: TestUser;
let B: TestUser;
let slugA: string;

/** Endpoints that name an organization, and where (body or query). */
function scopedEndpoints(): Array<{ endpoint: AuthEndpoint; where: "body" | "query"; fields: string[] }> {
  const out: Array<{ endpoint: AuthEndpoint; where: "body" | "query"; fields: string[] }> = [];
  for (const endpoint of authEndpoints()) {
    for (const where of ["body", "query"] as const) {
      const fields = (where === "body" ? endpoint.bodyFields : endpoint.queryFields).filter((f) => f === "organizationId" || f === "organizationSlug");
      if (fields.length) out.push({ endpoint, where, fields });
    }
  }
  return out;
}

/** The rest of a valid request per endpoint, so only the organization is wrong. */
const OTHER_FIELDS: Record<string, Record<string, unknown>> = {
  "/organization/update": { data: { name: "Taken over" } },
  "/organization/invite-member": { email: "planted@example.test", role: "admin" },
  "/organization/remove-member": { memberIdOrEmail: "someone@example.test" },
  "/organization/update-member-role": { memberId: "mem_01J00000000000000000000000", role: "owner" },
  "/organization/has-permission": { permissions: { member: ["delete"] } },
};

async function requestNaming(endpoint: AuthEndpoint, where: "body" | "query", field: string, value: string) {
  const method = endpoint.methods.includes("POST") ? "POST" : "GET";
  const path = `/api/auth${endpoint.path}`;
  if (where === "query") return client.call(method, `${path}?${field}=${encodeURIComponent(value)}`, { cookie: B.cookie });
  return client.call(method, path, { cookie: B.cookie, body: { ...OTHER_FIELDS[endpoint.path], [field]: value } });
}

beforeAll(async () => {
  A = await signUp({ name: "Owner A" });
  B = await signUp({ name: "Owner B" });
  slugA = (await getDb().selectFrom("organization").select("slug").where("id", "=", A.tenantId).executeTakeFirstOrThrow()).slug;
});

describe("organization endpoints naming another workspace", () => {
  it("finds the endpoints that take an organization, including the ones that changed state", () => {
    const paths = scopedEndpoints().map((s) => s.endpoint.path);
    expect(paths).toEqual(
      expect.arrayContaining(["/organization/get-full-organization", "/organization/set-active", "/organization/list-invitations", "/organization/update", "/organization/list-members", "/organization/has-permission"]),
    );
  });

  it("refuses each like a missing workspace, changes nothing and leaves the caller's session as it was", async () => {
    const before = await snapshotDatabase(getDb());
    const failures: string[] = [];
    let count = 0;
    for (const { endpoint, where, fields } of scopedEndpoints()) {
      for (const field of fields) {
        const values = field === "organizationId" ? [A.tenantId, "org_01J00000000000000000000000"] : [slugA, "no-such-workspace"];
        const answers: string[] = [];
        for (const value of values) {
          const res = await requestNaming(endpoint, where, field, value);
          count++;
          const label = `${endpoint.path} ${where}.${field}=${value}`;
          if (res.status !== 404) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          else if (res.headers.get("content-type") !== "application/problem+json") failures.push(`${label}: not problem+json`);
          else answers.push(JSON.stringify({ code: res.body.code, detail: res.body.detail }));
          if (res.text.includes(A.tenantId) && value !== A.tenantId) failures.push(`${label}: leaks A's id`);
          if (res.text.includes("Owner A")) failures.push(`${label}: leaks A's workspace name`);
          // The caller still works in its own workspace.
          const me = await client.call("GET", "/api/v1/me", { cookie: B.cookie });
          if (me.status !== 200 || me.body?.tenant?.id !== B.tenantId) failures.push(`${label}: B's session changed (${me.status} ${me.text.slice(0, 120)})`);
        }
        if (answers.length === 2 && answers[0] !== answers[1]) failures.push(`${endpoint.path} ${field}: another workspace answers unlike a missing one (${answers.join(" vs ")})`);
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(20);
    expect(await snapshotDatabase(getDb())).toEqual(before);
  });

  it("still serves the caller's own workspace by id and by slug", async () => {
    const slugB = (await getDb().selectFrom("organization").select("slug").where("id", "=", B.tenantId).executeTakeFirstOrThrow()).slug;
    for (const query of [`organizationId=${B.tenantId}`, `organizationSlug=${slugB}`]) {
      const res = await client.call("GET", `/api/auth/organization/get-full-organization?${query}`, { cookie: B.cookie });
      expect(res.status, query).toBe(200);
      expect(res.body.id).toBe(B.tenantId);
    }
    const active = await client.call("POST", "/api/auth/organization/set-active", { cookie: B.cookie, body: { organizationId: B.tenantId } });
    expect(active.status).toBe(200);
  });
});
