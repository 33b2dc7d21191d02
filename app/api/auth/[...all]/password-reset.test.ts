import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accountKey } from "@/lib/auth-gate/sign-in-throttle";
import { getDb } from "@/lib/db";
import { api, request, signIn, signUp } from "@/tests/support/http";
import { latestMail, outbox } from "@/tests/support/mail";

/**
 * "Forgot password": a reset link by mail (the outbox here), the page it leads to, the new
 * password; every session of the account ends, the address counts as confirmed, the account's
 * sign-in throttle starts over. The answer is the same for an address nobody has.
 */

describe("password reset by mail", () => {
  it("mails a one-time link that sets a new password and signs the account out everywhere", async () => {
    const user = await signUp({ name: "Forgetful Fumi" });
    const other = await signIn(user.email, user.password);
    // A few wrong guesses beforehand: the reset clears them.
    for (let i = 0; i < 3; i++) await api.post("/api/auth/sign-in/email", { email: user.email, password: `guess-${i}` });
    expect(await getDb().selectFrom("sign_in_throttle").select("attempts").where("key", "=", accountKey(user.email)).executeTakeFirst()).toEqual({ attempts: 3 });

    const asked = await api.post("/api/auth/request-password-reset", { email: user.email, redirectTo: "/reset-password" });
    expect(asked.status).toBe(200);
    const mail = await latestMail(user.email, "reset-password");
    expect(mail.subject).toBe("Reset your Pipeline password");
    expect(mail.text).toContain("Hello Forgetful Fumi,");
    expect(mail.link).toMatch(/^http:\/\/localhost:3000\/api\/auth\/reset-password\/[\w-]+\?callbackURL=%2Freset-password$/);

    // The link leads to the app's reset page with the token.
    const landing = await request("GET", mail.link);
    expect(landing.status).toBe(302);
    const page = new URL(landing.headers.get("location")!, "http://localhost:3000");
    expect(page.pathname).toBe("/reset-password");
    const token = page.searchParams.get("token")!;
    expect(token).toBeTruthy();

    const tooShort = await api.post("/api/auth/reset-password", { newPassword: "short", token });
    expect(tooShort.status).toBe(400);
    const reset = await api.post("/api/auth/reset-password", { newPassword: "a-brand-new-password", token });
    expect(reset.status).toBe(200);

    for (const session of [user, other]) expect((await api.get("/api/v1/me", { token: session.token })).status).toBe(401);
    expect((await api.post("/api/auth/sign-in/email", { email: user.email, password: user.password })).status).toBe(401);
    const fresh = await signIn(user.email, "a-brand-new-password");
    expect(fresh.tenantId).toBe(user.tenantId);
    const row = await getDb().selectFrom("user").select("emailVerified").where("id", "=", user.userId).executeTakeFirstOrThrow();
    expect(row.emailVerified).toBe(true);
    // The sign-in above started with a cleared throttle and cleared it again.
    expect(await getDb().selectFrom("sign_in_throttle").select("attempts").where("key", "=", accountKey(user.email)).executeTakeFirst()).toBeUndefined();

    // The link works once.
    expect((await api.post("/api/auth/reset-password", { newPassword: "yet-another-password", token })).status).toBe(400);
    const spent = await request("GET", mail.link);
    expect(new URL(spent.headers.get("location")!, "http://localhost:3000").searchParams.get("error")).toBe("INVALID_TOKEN");
  });

  it("answers the same for an unknown address, and mails nothing", async () => {
    const nobody = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    const known = await signUp();
    const [a, b] = [
      await api.post("/api/auth/request-password-reset", { email: nobody, redirectTo: "/reset-password" }),
      await api.post("/api/auth/request-password-reset", { email: known.email, redirectTo: "/reset-password" }),
    ];
    expect(a.status).toBe(b.status);
    expect(await a.json()).toEqual(await b.json());
    expect(await outbox(nobody)).toEqual([]);
  });

  it("mails one address at most 5 reset links an hour, however many clients ask, and answers every request the same", async () => {
    const user = await signUp();
    const answers = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await api.post("/api/auth/request-password-reset", { email: user.email, redirectTo: "/reset-password" }, { peer: `192.0.2.${i + 1}` });
      expect(res.status).toBe(200);
      answers.add(await res.text());
    }
    expect(answers.size).toBe(1);
    expect(await outbox(user.email, "reset-password")).toHaveLength(5);
  });

  it("never mails a link that would lead on to another site", async () => {
    const user = await signUp();
    for (const redirectTo of ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await api.post("/api/auth/request-password-reset", { email: user.email, redirectTo });
      expect(res.status, redirectTo).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).errors[0]).toMatchObject({ field: "redirectTo", code: "invalid_redirect" });
    }
    const signUpElsewhere = await api.post("/api/auth/sign-up/email", { email: `x-${Date.now()}@example.test`, password: "long-enough-1", name: "X", callbackURL: "https://evil.example" });
    expect(signUpElsewhere.status).toBe(400);
    expect(await outbox(user.email, "reset-password")).toEqual([]);
  });
});
