import { sql } from "kysely";
import { getDb, getDbHandle } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** Liveness plus database reachability: 200 when a query answers, 503 otherwise. No auth. */
export async function GET(): Promise<Response> {
  const started = performance.now();
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({
      status: "ok",
      database: { status: "up", kind: getDbHandle().kind, latency_ms: Math.round((performance.now() - started) * 10) / 10 },
    });
  } catch {
    return Response.json(
      { status: "degraded", database: { status: "down", kind: getDbHandle().kind } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
}

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
