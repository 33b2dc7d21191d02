import http from "node:http";
import pg from "pg";
import { jsonBytes } from "@/lib/api/json-text";
import { floorInput, poolFloorDb, runFloor } from "./floor-sql";

/**
 * The machine floor: the benchmark scenarios' SQL served by a bare node:http server with a pg
 * pool the size of the app's — no framework, no auth, no validation. What this machine can do.
 *
 *   FLOOR_DATABASE_URL=postgres://… FLOOR_PORT=4001 tsx --conditions=react-server bench/floor-server.ts
 */
const url = process.env.FLOOR_DATABASE_URL;
if (!url) throw new Error("FLOOR_DATABASE_URL is required");
const port = Number(process.env.FLOOR_PORT ?? 4001);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.FLOOR_POOL_MAX ?? 10) });
pool.on("error", (err) => console.error("[floor] idle client error:", err.message));
const db = poolFloorDb(pool);

const server = http.createServer(async (req, res) => {
  try {
    const u = new URL(req.url ?? "/", "http://floor");
    let body: Record<string, unknown> | undefined;
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : undefined;
    }
    const result = await runFloor(db, u.searchParams.get("s") ?? "", floorInput(u.searchParams, body));
    const payload = jsonBytes(result);
    res.writeHead(req.method === "POST" && u.searchParams.get("s") === "create" ? 201 : 200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": payload.length,
    });
    res.end(payload);
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end((error as Error).message);
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`[floor] listening on ${port}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
