import { randomUUID } from "node:crypto";
import { floorInput, poolFloorDb, runFloor } from "@/bench/floor-sql";
import { json } from "@/lib/api/handler";
import { problemResponse } from "@/lib/api/problem";
import { getAuth } from "@/lib/auth";
import { getDbHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/**
 * The framework floor for `npm run bench`: a plain Next.js route handler running the same SQL
 * as each benchmarked endpoint (bench/floor-sql.ts) on the app's own pool, with no caller
 * resolution and no validation. Only a benchmark build (BENCH_BUILD=1, next.config.ts) has this
 * route, and it answers only when BENCH_MODE=1 on PostgreSQL; otherwise it is indistinguishable
 * from an unknown path.
 *
 * `s=session` is one of the reference machine's figures (bench/reference.ts): better-auth's own
 * `getSession` on the request's headers (a Bearer token), then one trivial statement.
 */
async function handle(req: Request): Promise<Response> {
  const handle = env.BENCH_MODE === "1" ? getDbHandle() : undefined;
  if (!handle?.pool) {
    const path = new URL(req.url).pathname;
    return problemResponse({
      status: 404,
      code: "route_not_found",
      detail: `No API endpoint at ${req.method} ${path}. See /api/v1/openapi.json.`,
      requestId: randomUUID(),
      instance: path,
    });
  }
  const url = new URL(req.url);
  const body = req.method === "POST" ? ((await req.json()) as Record<string, unknown>) : undefined;
  const scenario = url.searchParams.get("s") ?? "";
  if (scenario === "session") {
    const session = await getAuth().api.getSession({ headers: req.headers });
    if (!session) {
      return problemResponse({ status: 401, code: "unauthorized", detail: "No session for this token.", requestId: randomUUID(), instance: url.pathname });
    }
    return json(await runFloor(poolFloorDb(handle.pool), "trivial", floorInput(url.searchParams, body)));
  }
  const result = await runFloor(poolFloorDb(handle.pool), scenario, floorInput(url.searchParams, body));
  // The body goes out as the app's does: the API's own `json` (UTF-8 bytes, JSON text as is).
  return json(result, { status: req.method === "POST" && scenario === "create" ? 201 : 200 });
}

export { handle as GET, handle as POST };

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handle, POST: handle });
