import { env } from "@/lib/env";

/** Origins allowed to send cookie-authenticated writes (better-auth's and our API's CSRF check). */
export function trustedOrigins(): string[] {
  const extra = env.TRUSTED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean);
  return [new URL(env.BETTER_AUTH_URL).origin, ...extra];
}
