import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Endpoint signing secrets. Unlike an API key, the server must read the secret back to sign each
 * delivery, so it cannot keep only a hash. It is stored encrypted with AES-256-GCM under a key
 * derived (HKDF-SHA256) from BETTER_AUTH_SECRET: a copy of the database alone does not reveal
 * it. Changing BETTER_AUTH_SECRET makes the stored secrets unreadable: endpoints must then be
 * registered again (their deliveries fail with "secret unreadable").
 */

const PREFIX = "whsec_";
const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", env.BETTER_AUTH_SECRET, "pipeline", "webhook signing secrets", 32));
}

/** A new secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(".");
}

/** The secret, or null when it cannot be read (tampered with, or encrypted under another server secret). */
export function decryptSecret(stored: string): string | null {
  const [version, iv, tag, data] = stored.split(".");
  if (version !== VERSION || !iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
