import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "../src/index";

const secret = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;

/** Signed as the server signs: HMAC-SHA256 over "{id}.{timestamp}.{body}", keyed with the secret's bytes. */
function signed(body: string, at = Math.floor(Date.now() / 1000)) {
  const key = Buffer.from(secret.slice(6), "base64");
  const signature = createHmac("sha256", key).update(`evt_1.${at}.${body}`).digest("base64");
  return { "webhook-id": "evt_1", "webhook-timestamp": String(at), "webhook-signature": `v1,${signature}` };
}

describe("verifyWebhook", () => {
  const body = JSON.stringify({ id: "evt_1", type: "deal.created", data: { id: "deal_1" } });

  it("returns the event when the signature matches, from a Headers object or a plain record", () => {
    expect(verifyWebhook(secret, body, signed(body))).toMatchObject({ type: "deal.created" });
    expect(verifyWebhook(secret, body, new Headers(signed(body)))).toMatchObject({ data: { id: "deal_1" } });
  });

  it("throws on a changed body, another secret or an old timestamp", () => {
    expect(() => verifyWebhook(secret, body.replace("deal_1", "deal_2"), signed(body))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(`whsec_${Buffer.alloc(32).toString("base64")}`, body, signed(body))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, body, signed(body, Math.floor(Date.now() / 1000) - 3600))).toThrow(WebhookVerificationError);
  });
});
