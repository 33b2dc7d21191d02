import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiRoute, discoverRoutes } from "@/e2e/robustness/support/routes";
import { allowHeader, ROUTE_METHODS } from "@/lib/api/methods";
import { request, signUp, type TestUser } from "@/tests/support/http";

/**
 * RFC 9110 method semantics on every route file under app/api: a method the route does not
 * implement is 405 problem+json with `Allow`, OPTIONS is 204 with `Allow`, HEAD follows GET, a
 * method outside RFC 9110's set is 501, and a path Next.js could not percent-decode is 400.
 */

let routes: ApiRoute[];
let user: TestUser;

beforeAll(async () => {
  routes = await discoverRoutes();
  user = await signUp();
});

/** A concrete path for a route template (catch-alls get a made-up tail). */
const pathOf = (template: string) => template.replace(/\[\.\.\.\w+\]/g, "zz-unknown/tail").replace(/\[\w+\]/g, "deal_01J0000000000000000000000A");

describe("HTTP methods on every route", () => {
  it("every route file answers every RFC 9110 method itself (no framework-default empty 405)", async () => {
    const missing: string[] = [];
    for (const route of routes) {
      const mod = (await import(route.file)) as Record<string, unknown>;
      for (const method of ROUTE_METHODS) if (typeof mod[method] !== "function") missing.push(`${route.template} ${method}`);
      if (!route.template.includes("[...path]") && !/otherMethods\(/.test(readFileSync(route.file, "utf8"))) missing.push(`${route.template}: use otherMethods`);
    }
    expect(missing).toEqual([]);
  });

  it("answers 405 problem+json with Allow for each method a route does not implement, before checking credentials", async () => {
    const failures: string[] = [];
    let count = 0;
    for (const route of routes.filter((r) => !r.template.includes("[...path]"))) {
      const allow = allowHeader(route.methods);
      const path = pathOf(route.template);
      for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]) {
        if (allow.split(", ").includes(method)) continue;
        for (const credentials of [{}, { token: user.token }]) {
          count++;
          const res = await request(method, path, { ...credentials, body: method === "GET" || method === "HEAD" ? undefined : { name: "x" } });
          const label = `${method} ${route.template}`;
          if (res.status !== 405) failures.push(`${label}: ${res.status}`);
          if (res.headers.get("allow") !== allow) failures.push(`${label}: Allow ${res.headers.get("allow")}, expected ${allow}`);
          if (res.headers.get("content-type") !== "application/problem+json") failures.push(`${label}: ${res.headers.get("content-type")}`);
          const body = (await res.json()) as { status: number; code: string; detail: string };
          if (body.status !== 405 || body.code !== "method_not_allowed" || !body.detail.includes(allow)) failures.push(`${label}: ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(60);
  });

  it("answers OPTIONS with 204 and the route's Allow, and HEAD like GET", async () => {
    for (const route of routes.filter((r) => !r.template.includes("[...path]"))) {
      const res = await request("OPTIONS", pathOf(route.template));
      expect(res.status, route.template).toBe(204);
      expect(res.headers.get("allow"), route.template).toBe(allowHeader(route.methods));
      expect(allowHeader(route.methods)).toContain("OPTIONS");
    }
    expect(allowHeader(["GET", "PATCH", "DELETE"])).toBe("GET, HEAD, PATCH, DELETE, OPTIONS");
    const head = await request("HEAD", "/api/v1/me", { token: user.token });
    expect(head.status).toBe(200);
    expect((await request("HEAD", "/api/v1/me")).status).toBe(401);
  });

  it("answers unknown API paths 404 problem+json on every method, OPTIONS and HEAD included", async () => {
    for (const method of ROUTE_METHODS) {
      const res = await request(method, "/api/v1/no-such-thing");
      expect(res.status, method).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("answers a method outside RFC 9110's set with 501 problem+json", async () => {
    for (const method of ["TRACE", "CONNECT", "PROPFIND", "MKCOL", "FOO"]) {
      const res = await request(method, "/api/v1/crm/deals", { token: user.token });
      expect(res.status, method).toBe(501);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { code: string }).code).toBe("method_not_implemented");
    }
  });

  it("answers a path with malformed percent-encoding with 400 problem+json in every segment", async () => {
    for (const route of routes) {
      const segments = pathOf(route.template).split("/");
      for (let i = 2; i < segments.length; i++) {
        for (const bad of ["%zz", "%", "a%2", "%FF", "%C0%AF", "%ED%A0%80", "%E0%A4"]) {
          const path = [...segments.slice(0, i), bad, ...segments.slice(i + 1)].join("/");
          const res = await request("GET", path, { token: user.token });
          expect(res.status, path).toBe(400);
          expect(res.headers.get("content-type"), path).toBe("application/problem+json");
          expect(((await res.json()) as { code: string }).code, path).toBe("invalid_path_encoding");
        }
      }
    }
  });
});
