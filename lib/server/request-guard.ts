import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { earlyAnswer } from "@/lib/api/methods";

/**
 * The guard instrumentation.ts installs in front of Next.js's request listener on Node.js: requests
 * Next.js would answer with a plain-text 500 or an empty 400 (a method outside RFC 9110's set, TRACE
 * included, for which Next.js cannot even build a Fetch `Request`; a path it cannot
 * percent-decode) get a proper answer from `earlyAnswer` (lib/api/methods.ts), problem+json on the
 * API. Every other request costs a Set lookup and a scan of its path for "%". Installed once.
 */
export function installRequestGuard(): void {
  type Emit = typeof Server.prototype.emit;
  const emit: Emit & { pipelineGuard?: boolean } = Server.prototype.emit;
  if (emit.pipelineGuard) return;
  const guarded = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
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
