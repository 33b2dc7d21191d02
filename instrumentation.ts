/**
 * Runs once when the server starts. On Node.js it puts one guard in front of Next.js's request
 * listener: requests Next.js would answer with a plain-text 500 or an empty 400 (a method outside
 * RFC 9110's set, TRACE included, for which Next.js cannot even build a Fetch `Request`; a path
 * it cannot percent-decode) get a proper answer from `earlyAnswer` (lib/api/methods.ts),
 * problem+json on the API. Every other request costs a Set lookup and a scan of its path for "%".
 *
 * A proxy.ts (Next.js middleware) could answer the bad paths too, but not TRACE, and running it
 * on every request cost the hot GET /deals/{id} 18–44% of its throughput (three interleaved
 * rounds at c=16 on a busy 2-core machine: 156, 169, 235 req/s with it, 192, 301, 389 without).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ Server }, { earlyAnswer }] = await Promise.all([import("node:http"), import("@/lib/api/methods")]);
  type Emit = typeof Server.prototype.emit;
  const emit: Emit & { pipelineGuard?: boolean } = Server.prototype.emit;
  if (emit.pipelineGuard) return;
  const guarded = function (this: InstanceType<typeof Server>, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [import("node:http").IncomingMessage, import("node:http").ServerResponse];
      const answer = earlyAnswer(req.method ?? "", req.url ?? "/");
      if (answer) {
        res.writeHead(answer.status, answer.headers).end(req.method === "HEAD" ? undefined : answer.body);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<Emit>);
  };
  Server.prototype.emit = Object.assign(guarded, { pipelineGuard: true }) as Emit;
}
