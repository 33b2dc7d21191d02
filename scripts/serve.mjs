// The HTTP server in front of Next.js for `npm run dev`, `npm start`, the Playwright server and the
// test servers: `node scripts/serve.mjs <dev|start> [-p port] [-H hostname]`.
//
// Next.js gives route handlers no socket address, and it keeps an X-Forwarded-For the client sent
// as it is (it only fills the header in when absent), so an app behind `next start` cannot tell a
// client's real address from one it made up. This server (Next.js's documented custom-server API,
// the same request pipeline as `next start`) writes the socket's address into `x-pipeline-peer` on
// every request, replacing any copy the client sent, and marks the process so the app knows the
// header was written here (lib/client-address.ts; docs/decisions/007-client-address-and-mail.md).
// Plain JavaScript so it runs on Node without a loader, in production too.
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";

/** The header only this server writes; lib/client-address.ts reads it (same names there). */
const PEER_HEADER = "x-pipeline-peer";
/** Set on globalThis when this server is in front: the app trusts PEER_HEADER only then. */
const PEER_STAMPED = Symbol.for("pipeline.peer-address-stamped");

const { values, positionals } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: true,
});
const mode = positionals[0];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: node scripts/serve.mjs <dev|start> [-p port] [-H hostname]");
  process.exit(2);
}
const dev = mode === "dev";
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;

globalThis[PEER_STAMPED] = true;
const app = next({ dev, dir: process.cwd(), hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // Node joins repeated unknown headers into one value: assigning replaces every client copy.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`  ▲ Next.js (${dev ? "dev" : "production"}) listening on http://${hostname ?? "localhost"}:${port}`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  // Open event streams would hold the server open; give requests in flight a moment, then go.
  const deadline = setTimeout(() => process.exit(0), 3_000);
  deadline.unref();
  await app.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
