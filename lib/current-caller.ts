import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Caller, type CallerResult, extractToken, resolveCaller } from "@/lib/api/session";
import { getDb } from "@/lib/db";
import { chooseLocale, isLocale, type Locale } from "@/lib/i18n/config";

/**
 * The request's session, looked up once per server render however many layouts and pages ask
 * (the cache is keyed by arguments, so it takes none: the layout's `requireCaller()` and the
 * page's `requireCaller("/board")` share one lookup).
 */
const currentCaller = cache(async (): Promise<CallerResult> => {
  const result = await resolveCaller(await headers());
  // Pages are for people: an integration's API key reaches the CRM API only.
  return result.ok && result.caller.apiKey ? { ok: false, reason: "invalid_token" } : result;
});

/** The signed-in caller for a server component; redirects to /login when there is none. */
export async function requireCaller(nextPath?: string): Promise<Caller> {
  const result = await currentCaller();
  if (!result.ok) redirect(nextPath ? `/login?next=${encodeURIComponent(nextPath)}` : "/login");
  return result.caller;
}

interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  locale: Locale | null;
}

/**
 * The signed-in user whether or not the session has a workspace (the invitation page serves
 * people between workspaces too); null when signed out.
 */
export const currentSessionUser = cache(async (): Promise<SessionUser | null> => {
  const credentials = extractToken(await headers());
  if (!credentials || credentials === "invalid") return null;
  const row = await getDb()
    .selectFrom("session as s")
    .innerJoin("user as u", "u.id", "s.userId")
    .select(["u.id", "u.name", "u.email", "u.emailVerified", "u.locale"])
    .where("s.token", "=", credentials.token)
    .where("s.expiresAt", ">", new Date())
    .executeTakeFirst();
  return row ? { ...row, emailVerified: row.emailVerified === true, locale: isLocale(row.locale) ? row.locale : null } : null;
});

/**
 * The language this render speaks (lib/i18n/config.ts `chooseLocale`): the signed-in person's
 * setting, else the browser's Accept-Language, else English. Reuses the render's caller lookup.
 */
export const currentLocale = cache(async (): Promise<Locale> => {
  const result = await currentCaller();
  const preference = result.ok ? result.caller.locale : result.reason === "no_active_tenant" ? ((await currentSessionUser())?.locale ?? null) : null;
  return chooseLocale(preference, (await headers()).get("accept-language"));
});
