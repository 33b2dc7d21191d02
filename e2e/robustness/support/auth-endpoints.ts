import { randomBytes } from "node:crypto";
import { getAuth } from "@/lib/auth";

/**
 * better-auth's HTTP endpoints, read from the configured instance (path, method, the names in
 * its body and query schemas), so the suites cover whatever endpoints and limits the
 * configuration has without a list of their own.
 */
export interface AuthEndpoint {
  key: string;
  /** better-auth's path, e.g. `/reset-password/:token`. */
  path: string;
  methods: string[];
  bodyFields: string[];
  queryFields: string[];
}

type EndpointLike = { path?: string; options?: { method?: string | string[]; body?: unknown; query?: unknown } };

/** The field names of a zod schema, through optional/nullable wrappers, intersections and unions. */
function shapeKeys(schema: unknown, depth = 0): string[] {
  const s = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; left?: unknown; right?: unknown; options?: unknown[] } } | undefined;
  if (!s || depth > 5) return [];
  if (s.shape) return Object.keys(s.shape);
  const def = s.def ?? {};
  const parts = [def.innerType, def.left, def.right, ...(def.options ?? [])].filter(Boolean);
  return [...new Set(parts.flatMap((p) => shapeKeys(p, depth + 1)))];
}

export function authEndpoints(): AuthEndpoint[] {
  const out: AuthEndpoint[] = [];
  for (const [key, endpoint] of Object.entries(getAuth().api as Record<string, EndpointLike>)) {
    if (!endpoint?.path) continue; // server-only
    const method = endpoint.options?.method ?? "GET";
    out.push({
      key,
      path: endpoint.path,
      methods: Array.isArray(method) ? method : [method],
      bodyFields: shapeKeys(endpoint.options?.body),
      queryFields: shapeKeys(endpoint.options?.query),
    });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Whether better-auth's path (with `:params`) falls under a rate-limit rule's path (with `*`). */
export function matchesRule(endpointPath: string, rule: string): boolean {
  const concrete = endpointPath.replace(/:\w+/g, "x");
  const pattern = new RegExp(`^${rule.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]+")}$`);
  return pattern.test(concrete);
}

/** A request that reaches an endpoint's handler, with a fresh email, so attempts never share an account. */
export function sampleRequest(endpoint: AuthEndpoint): { method: string; path: string; body?: Record<string, unknown> } {
  const token = randomBytes(12).toString("hex");
  const path = `/api/auth${endpoint.path.replace(/:\w+/g, token)}`;
  const method = endpoint.methods.includes("POST") ? "POST" : "GET";
  if (method === "GET") return { method, path: `${path}?token=${token}&callbackURL=%2F` };
  const email = `probe-${token}@example.test`;
  // One superset body: better-auth's schemas drop the fields an endpoint does not take.
  return {
    method,
    path,
    body: { email, password: `wrong-${token}`, name: "Probe", newPassword: `new-${token}`, token, redirectTo: "/reset-password", callbackURL: "/" },
  };
}
