import { type NextRequest, NextResponse } from "next/server";
import { earlyApiAnswer } from "@/lib/api/methods";

/**
 * Runs before routing: answers the requests Next.js itself would turn into a plain-text 500 (a
 * path it cannot percent-decode, a method outside RFC 9110's set) with a proper status, and
 * problem+json on the API. Everything else passes through untouched.
 */
export function proxy(req: NextRequest): Response {
  return earlyApiAnswer(req.method, req.nextUrl.pathname) ?? NextResponse.next();
}

export const config = {
  // Not the build's static files: they are served before the proxy could matter.
  matcher: "/((?!_next/static|_next/image).*)",
};
