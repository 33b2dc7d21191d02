import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { extractToken, verifySignedToken } from "./session";

const sign = (token: string, secret = env.BETTER_AUTH_SECRET) => `${token}.${createHmac("sha256", secret).update(token).digest("base64")}`;

describe("verifySignedToken", () => {
  it("returns the token for a valid signature, every time it is asked", () => {
    const signed = sign("tok_valid_0123456789");
    for (let i = 0; i < 3; i++) expect(verifySignedToken(signed)).toBe("tok_valid_0123456789");
  });

  it("refuses a tampered token or signature, also after the genuine one was accepted", () => {
    const signed = sign("tok_genuine_0123456789");
    expect(verifySignedToken(signed)).toBe("tok_genuine_0123456789");
    const otherToken = signed.replace("tok_genuine", "tok_genuinf");
    const flipped = signed.slice(0, -3) + (signed.at(-3) === "A" ? "B" : "A") + signed.slice(-2);
    for (let i = 0; i < 2; i++) {
      expect(verifySignedToken(otherToken)).toBeNull();
      expect(verifySignedToken(flipped)).toBeNull();
      expect(verifySignedToken("no-dot-at-all")).toBeNull();
    }
    expect(verifySignedToken(signed)).toBe("tok_genuine_0123456789");
  });

  it("checks against the secret it is given: a token signed with another secret is refused, and the app's answer is not reused for it", () => {
    const signed = sign("tok_secret_0123456789");
    expect(verifySignedToken(signed)).toBe("tok_secret_0123456789");
    expect(verifySignedToken(signed, "another-secret-another-secret-0123456789")).toBeNull();
    expect(verifySignedToken(sign("tok_secret_0123456789", "another-secret-another-secret-0123456789"))).toBeNull();
  });

  it("accepts the URL-safe base64 form of the signature (cookies and some clients send it)", () => {
    const signed = sign("tok_urlsafe_0123456789");
    const urlSafe = signed.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(verifySignedToken(urlSafe)).toBe("tok_urlsafe_0123456789");
    expect(extractToken(new Headers({ authorization: `Bearer ${encodeURIComponent(signed)}` }))).toEqual({ token: "tok_urlsafe_0123456789", via: "bearer" });
  });
});
