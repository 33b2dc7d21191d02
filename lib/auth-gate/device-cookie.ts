import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { normalizeEmail } from "./sign-in-throttle";

/**
 * OWASP's device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): after a
 * successful sign-in the browser gets a signed cookie naming the account and a random nonce. A
 * later sign-in to that account from that browser is throttled on the device's own key instead
 * of the account's, so an attacker locking the account from elsewhere does not lock its owner out.
 * Signed with the app's secret (a domain-separated HMAC), bound to one account, sent only to
 * better-auth's endpoints.
 */

export const DEVICE_COOKIE = "pipeline.device";
const MAX_AGE_S = 365 * 24 * 60 * 60;

function signature(email: string, nonce: string): Buffer {
  return createHmac("sha256", env.BETTER_AUTH_SECRET).update(`pipeline-device|${normalizeEmail(email)}|${nonce}`).digest();
}

/** The `Set-Cookie` value for a browser that just signed in to `email`. */
export function deviceCookieFor(email: string): string {
  const nonce = randomBytes(16).toString("base64url");
  const value = `${nonce}.${signature(email, nonce).toString("base64url")}`;
  const secure = new URL(env.BETTER_AUTH_URL).protocol === "https:" ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${value}; Path=/api/auth; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax${secure}`;
}

/** The nonce of a device cookie that this app issued for `email`, or null. */
export function trustedDevice(cookieHeader: string | null, email: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
    const [nonce, mac] = part.slice(eq + 1).trim().split(".");
    if (!nonce || !mac || !/^[\w-]{16,64}$/.test(nonce)) continue;
    const given = Buffer.from(mac, "base64url");
    const expected = signature(email, nonce);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return nonce;
  }
  return null;
}
