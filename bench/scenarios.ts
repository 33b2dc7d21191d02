import type { RawRequest, RequestSpec } from "autocannon";

/**
 * The benchmark scenarios. Each one knows how to address the app's real endpoint (Bearer
 * token, full stack) and the two floors (the same SQL without framework or without auth and
 * validation); requests that must vary (which deal, which stage, a unique name) rotate through
 * shared state with autocannon's `setupRequest`.
 */

export type Target = "app" | "framework" | "machine";

export interface BenchContext {
  tenantId: string;
  userId: string;
  token: string;
  /** A workspace-wide read_write API key of the same owner, for the `*-key` scenarios. */
  apiKey: string;
  /** Deals `get` rotates through. */
  readIds: string[];
  /** Deals `move` alternates between two stages, one request per deal at a time. */
  moveIds: string[];
  moveStages: [string, string];
  searchTerm: string;
  offsetDepth: number;
  /** The app's opaque cursor for the page at `offsetDepth`. */
  cursor: string;
  /** The same position as a keyset, for the floors. */
  keyset: { created_at: string; id: string };
}

interface Scenario {
  name: string;
  label: string;
  write: boolean;
  requests(target: Target, ctx: BenchContext): RequestSpec[];
}

const FLOOR_PATH: Record<Exclude<Target, "app">, string> = { framework: "/api/v1/bench/floor", machine: "/" };

/** A floor's URL path for `scenario` (the machine floor at `/`, the framework floor at its route), with the tenant and user. */
export function floorGet(target: Target, ctx: BenchContext, scenario: string, extra: Record<string, string> = {}): string {
  const qs = new URLSearchParams({ s: scenario, tenant: ctx.tenantId, user: ctx.userId, ...extra });
  return `${FLOOR_PATH[target as Exclude<Target, "app">]}?${qs}`;
}

const appHeaders = (ctx: BenchContext, json = false): Record<string, string> => ({
  authorization: `Bearer ${ctx.token}`,
  ...(json ? { "content-type": "application/json" } : {}),
});
const JSON_HEADERS = { "content-type": "application/json" };

function fixedGet(appPath: (ctx: BenchContext) => string, floor: (ctx: BenchContext) => [string, Record<string, string>?]) {
  return (target: Target, ctx: BenchContext): RequestSpec[] => {
    if (target === "app") return [{ method: "GET", path: appPath(ctx), headers: appHeaders(ctx) }];
    const [scenario, extra] = floor(ctx);
    return [{ method: "GET", path: floorGet(target, ctx, scenario, extra) }];
  };
}

/** Round-robin over a list, shared by every connection of a run. */
function rotation<T>(items: T[]) {
  let i = 0;
  return () => items[i++ % items.length];
}

/** The seed's companies (bench/seed.ts): "Globex Motors 1" to "5" in English, and five 株式会社北斗食品, whose deals have Japanese names without it. */
const COMPANY_SEARCH = "globex motors";
const JAPANESE_SEARCH = "北斗食品";

// Where each moved deal is now, shared by all targets: every request moves a deal to the other stage.
const stageOf = new Map<string, string>();

const BASE_SCENARIOS: Scenario[] = [
  {
    name: "list",
    label: "list, default page",
    write: false,
    requests: fixedGet(() => "/api/v1/crm/deals", () => ["list"]),
  },
  {
    name: "search",
    label: "list with search",
    write: false,
    requests: fixedGet((ctx) => `/api/v1/crm/deals?search=${encodeURIComponent(ctx.searchTerm)}`, (ctx) => ["search", { q: ctx.searchTerm }]),
  },
  {
    // An English company's name as a rep types it (lower case); its deals' names repeat it.
    name: "search-company",
    label: "list, search by company name",
    write: false,
    requests: fixedGet(
      () => `/api/v1/crm/deals?search=${encodeURIComponent(COMPANY_SEARCH)}`,
      () => ["search", { q: COMPANY_SEARCH }],
    ),
  },
  {
    // A Japanese company's name, which its deals' names do not repeat: found only through the
    // company name in the deal's stored search text, by the trigram index's CJK trigrams.
    name: "search-ja",
    label: "list, search in Japanese",
    write: false,
    requests: fixedGet(
      () => `/api/v1/crm/deals?search=${encodeURIComponent(JAPANESE_SEARCH)}`,
      () => ["search", { q: JAPANESE_SEARCH }],
    ),
  },
  {
    name: "offset",
    label: "list at offset depth",
    write: false,
    requests: fixedGet((ctx) => `/api/v1/crm/deals?offset=${ctx.offsetDepth}`, (ctx) => ["offset", { offset: String(ctx.offsetDepth) }]),
  },
  {
    name: "cursor",
    label: "same depth by cursor",
    write: false,
    requests: fixedGet(
      (ctx) => `/api/v1/crm/deals?cursor=${encodeURIComponent(ctx.cursor)}`,
      (ctx) => ["cursor", { after_created: ctx.keyset.created_at, after_id: ctx.keyset.id }],
    ),
  },
  {
    name: "get",
    label: "get one deal",
    write: false,
    requests(target, ctx) {
      const next = rotation(ctx.readIds);
      const base: RequestSpec =
        target === "app" ? { method: "GET", path: "/", headers: appHeaders(ctx) } : { method: "GET", path: floorGet(target, ctx, "get") };
      return [
        {
          ...base,
          setupRequest: (req: RawRequest) => {
            const id = next();
            return { ...req, path: target === "app" ? `/api/v1/crm/deals/${id}` : `${floorGet(target, ctx, "get", { id })}` };
          },
        },
      ];
    },
  },
  {
    name: "board",
    label: "board first load",
    write: false,
    requests: fixedGet(() => "/api/v1/crm/board", () => ["board"]),
  },
  {
    name: "move",
    label: "stage move (no If-Match)",
    write: true,
    requests(target, ctx) {
      const next = rotation(ctx.moveIds);
      const [a, b] = ctx.moveStages;
      return [
        {
          method: "POST",
          path: "/",
          headers: target === "app" ? appHeaders(ctx, true) : JSON_HEADERS,
          setupRequest: (req: RawRequest) => {
            const id = next();
            const to = (stageOf.get(id) ?? a) === a ? b : a;
            stageOf.set(id, to);
            if (target === "app") return { ...req, path: `/api/v1/crm/deals/${id}/stage`, body: JSON.stringify({ stage: to }) };
            return { ...req, path: floorGet(target, ctx, "move"), body: JSON.stringify({ id, stage: to }) };
          },
        },
      ];
    },
  },
  {
    name: "create",
    label: "create",
    write: true,
    requests(target, ctx) {
      let n = 0;
      const tag = `${target}-${Date.now().toString(36)}`;
      return [
        {
          method: "POST",
          path: target === "app" ? "/api/v1/crm/deals" : floorGet(target, ctx, "create"),
          headers: target === "app" ? appHeaders(ctx, true) : JSON_HEADERS,
          setupRequest: (req: RawRequest) => ({
            ...req,
            body: JSON.stringify({ name: `Bench deal ${tag} ${++n}`, amount: 250000, currency: "JPY" }),
          }),
        },
      ];
    },
  },
];

/**
 * A scenario sent with the owner's API key instead of the session's Bearer token: what an
 * integration sees. The floors are the same as the session's scenario.
 */
function withApiKey(scenario: Scenario): Scenario {
  return {
    ...scenario,
    name: `${scenario.name}-key`,
    label: `${scenario.label}, API key`,
    requests: (target, ctx) => scenario.requests(target, { ...ctx, token: ctx.apiKey }),
  };
}

export const SCENARIOS: Scenario[] = [...BASE_SCENARIOS, ...BASE_SCENARIOS.filter((s) => s.name === "list" || s.name === "get").map(withApiKey)];
