import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/**
 * better-auth's handler. Its rate limiter answers 429 with `X-Retry-After`; the standard
 * `Retry-After` header is added so any HTTP client knows when to come back.
 */
async function handle(req: Request): Promise<Response> {
  const { GET, POST } = toNextJsHandler(getAuth());
  const res = await (req.method === "GET" || req.method === "HEAD" ? GET(req) : POST(req));
  if (res.status === 429 && !res.headers.has("retry-after")) {
    const retry = res.headers.get("x-retry-after") ?? "60";
    const headers = new Headers(res.headers);
    headers.set("retry-after", retry);
    return new Response(res.body, { status: 429, headers });
  }
  return res;
}

export { handle as GET, handle as POST };

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET: handle, POST: handle });
