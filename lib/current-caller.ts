import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Caller, type CallerResult, resolveCaller } from "@/lib/api/session";

/**
 * The request's session, looked up once per server render however many layouts and pages ask
 * (the cache is keyed by arguments, so it takes none: the layout's `requireCaller()` and the
 * page's `requireCaller("/board")` share one lookup).
 */
const currentCaller = cache(async (): Promise<CallerResult> => resolveCaller(await headers()));

/** The signed-in caller for a server component; redirects to /login when there is none. */
export async function requireCaller(nextPath?: string): Promise<Caller> {
  const result = await currentCaller();
  if (!result.ok) redirect(nextPath ? `/login?next=${encodeURIComponent(nextPath)}` : "/login");
  return result.caller;
}
