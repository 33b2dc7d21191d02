import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
  /** Set-up before the scenario is measured (against the app at `appUrl`); resolves to its undo. */
  prepare?(ctx: BenchContext, appUrl: string): Promise<() => Promise<void>>;
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
    // The board searched by a company's name: every column's first page of matches and the totals
    // of all matches, as a rep filtering the board sees them.
    name: "board-search",
    label: "board, search by company name",
    write: false,
    requests: fixedGet(
      () => `/api/v1/crm/board?search=${encodeURIComponent(COMPANY_SEARCH)}`,
      () => ["board_search", { q: COMPANY_SEARCH }],
    ),
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

/**
 * The owner's workspace gets one webhook endpoint subscribed to `events` (a receiver on
 * 127.0.0.1 answering 204, so the app's worker delivers for real while the load runs; the bench
 * server allows private URLs), removed again afterwards.
 */
function subscribedEndpoint(events: string[]) {
  return async (ctx: BenchContext, appUrl: string): Promise<() => Promise<void>> => {
    // An endpoint left behind by an interrupted run (--reuse keeps the database) would tax every other write scenario.
    const leftovers = (await (await fetch(`${appUrl}/api/v1/webhooks`, { headers: appHeaders(ctx) })).json()) as { items: Array<{ id: string }> };
    for (const w of leftovers.items) await fetch(`${appUrl}/api/v1/webhooks/${w.id}`, { method: "DELETE", headers: appHeaders(ctx) });
    const receiver = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const res = await fetch(`${appUrl}/api/v1/webhooks`, { method: "POST", headers: appHeaders(ctx, true), body: JSON.stringify({ url, events }) });
    if (res.status !== 201) {
      receiver.close();
      throw new Error(`registering the bench's webhook endpoint: ${res.status} ${await res.text()}`);
    }
    const { webhook } = (await res.json()) as { webhook: { id: string } };
    return async () => {
      await fetch(`${appUrl}/api/v1/webhooks/${webhook.id}`, { method: "DELETE", headers: appHeaders(ctx) });
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    };
  };
}

/** A write scenario with one webhook endpoint subscribed to what it changes: the outbox's cost on the write path (docs/decisions/011-webhooks.md). */
function withSubscribedEndpoint(scenario: Scenario, events: string[]): Scenario {
  return { ...scenario, name: `${scenario.name}-webhook`, label: `${scenario.label}, one subscribed webhook endpoint`, prepare: subscribedEndpoint(events) };
}

export const SCENARIOS: Scenario[] = [
  ...BASE_SCENARIOS,
  ...BASE_SCENARIOS.filter((s) => s.name === "list" || s.name === "get").map(withApiKey),
  ...BASE_SCENARIOS.filter((s) => s.name === "move").map((s) => withSubscribedEndpoint(s, ["deal.stage_changed"])),
];
