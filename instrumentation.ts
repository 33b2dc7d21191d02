/**
 * Runs once when the server starts. On Node.js it answers TRACE and TRACK itself (501
 * problem+json, lib/api/methods.ts): Next.js builds a Fetch `Request` for every request, which
 * the Fetch standard forbids for these methods, and would answer a plain-text 500. The check is
 * one string comparison per request, ahead of Next.js's own request listener.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ Server }, { FETCH_FORBIDDEN_METHODS, unsupportedMethodBody }] = await Promise.all([import("node:http"), import("@/lib/api/methods")]);
  const emit = Server.prototype.emit;
  if ((emit as { pipelineGuard?: boolean }).pipelineGuard) return;
  const guarded = function (this: InstanceType<typeof Server>, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [import("node:http").IncomingMessage, import("node:http").ServerResponse];
      if (req.method && FETCH_FORBIDDEN_METHODS.has(req.method)) {
        const answer = unsupportedMethodBody(req.method);
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  };
  Server.prototype.emit = Object.assign(guarded, { pipelineGuard: true }) as typeof emit;
}
