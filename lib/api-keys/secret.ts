import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * An API key's secret: a recognizable prefix (secret scanners such as GitHub's match on it) and
 * 256 random bits in base64url. Only its SHA-256 is stored; with that much entropy a fast hash is
 * enough (there is nothing to guess), and the caller lookup finds the key by the hash's unique
 * index in the same single statement as a session.
 */
export const API_KEY_PREFIX = "pipeline_sk_";

/** How many characters of the secret the key list shows to tell keys apart (the prefix and 8 random ones). */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const SECRET_PATTERN = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{43}$`);

export function newApiKeySecret(): { secret: string; hash: string; prefix: string } {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashApiKeySecret(secret), prefix: secret.slice(0, SHOWN_PREFIX_LENGTH) };
}

/** Whether a Bearer value is meant as an API key (it may still be wrong or revoked). */
export const looksLikeApiKey = (value: string): boolean => value.startsWith(API_KEY_PREFIX);

/** Whether a Bearer value has an API key's exact shape. */
export const isWellFormedApiKey = (value: string): boolean => SECRET_PATTERN.test(value);

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of two hex hashes (the lookup found the row by its index; this confirms it without a timing signal). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
