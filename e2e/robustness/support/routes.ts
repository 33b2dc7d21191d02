import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { METHOD_NOT_ALLOWED } from "@/lib/api/methods";

/**
 * The API's routes, discovered from app/api (every `route.ts`, with the HTTP methods it
 * exports), so a new endpoint is covered by the isolation and bad-input suites without being
 * registered anywhere.
 */

const ROOT = path.resolve(import.meta.dirname, "../../..");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

export interface ApiRoute {
  /** The URL template, e.g. `/api/v1/crm/deals/[id]/stage`. */
  template: string;
  file: string;
  methods: Method[];
  /** Dynamic segments in order, with the collection they address (`deals` for `deals/[id]`). */
  params: Array<{ name: string; collection: string }>;
}

/**
 * Routes outside the tenant's data, each with the reason it is not in the matrix. Anything not
 * listed here is treated as tenant data and must be covered by the suites' tables.
 */
export const UNTENANTED: Record<string, string> = {
  "/api/[...path]": "the problem+json 404 for unknown API paths",
  "/api/auth/[...all]": "better-auth's own endpoints (sign-in, sign-up, organizations); covered by the abuse, client-address, organization-scope and revocation suites",
  "/api/v1/health": "liveness, no authentication, no tenant data",
  "/api/v1/me": "the caller's own identity",
  "/api/v1/openapi.json": "the public API description",
};

export async function discoverRoutes(): Promise<ApiRoute[]> {
  const out: ApiRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full, [...segments, entry]);
      else if (entry === "route.ts") {
        const visible = segments.filter((s) => !/^\(.*\)$/.test(s));
        const params: ApiRoute["params"] = [];
        visible.forEach((s, i) => {
          const m = /^\[(\w+)\]$/.exec(s);
          if (m) params.push({ name: m[1], collection: visible[i - 1] ?? "" });
        });
        out.push({ template: `/${visible.join("/")}`, file: full, methods: [], params });
      }
    }
  };
  walk(path.join(ROOT, "app", "api"), ["api"]);
  for (const route of out) {
    const mod = (await import(route.file)) as Record<string, unknown>;
    // A route's own methods: not the 405 answers `otherMethods` fills in (lib/api/methods.ts).
    route.methods = METHODS.filter((m) => typeof mod[m] === "function" && !(mod[m] as { [METHOD_NOT_ALLOWED]?: boolean })[METHOD_NOT_ALLOWED]);
  }
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

export const tenantRoutes = (routes: ApiRoute[]) => routes.filter((r) => !(r.template in UNTENANTED));

/** Fills a template's dynamic segments. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\[(\w+)\]/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for [${name}] in ${template}`);
    return encodeURIComponent(values[name]);
  });
}
