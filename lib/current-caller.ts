import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Caller, resolveCaller } from "@/lib/api/session";

/** The signed-in caller for a server component; redirects to /login when there is none. */
export const requireCaller = cache(async (nextPath?: string): Promise<Caller> => {
  const result = await resolveCaller(await headers());
  if (!result.ok) redirect(nextPath ? `/login?next=${encodeURIComponent(nextPath)}` : "/login");
  return result.caller;
});
