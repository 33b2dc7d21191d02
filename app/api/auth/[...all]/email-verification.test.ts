import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { api, request, signUp } from "@/tests/support/http";
import { latestMail, outbox } from "@/tests/support/mail";

/** Confirming the address: a mail at sign-up, its link, a new one on request. */
describe("email verification", () => {
  it("mails a link at sign-up that confirms the address and returns to the page the user came from", async () => {
    const res = await api.post("/api/auth/sign-up/email", {
      email: `verify-${Date.now()}@example.test`,
      password: "correct-horse-battery",
      name: "Vera Verify",
      callbackURL: "/invite/inv_01J00000000000000000000000?token=abc",
    });
    expect(res.status).toBe(200);
    const { user } = await res.json();
    expect(user.emailVerified).toBe(false);
    const mail = await latestMail(user.email, "verify-email");
    expect(mail.subject).toBe("Confirm your email address for Pipeline");
    expect(mail.text).toContain("Hello Vera Verify,");

    const followed = await request("GET", mail.link);
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe("/invite/inv_01J00000000000000000000000?token=abc");
    const row = await getDb().selectFrom("user").select("emailVerified").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.emailVerified).toBe(true);
    // The link is not a way in: opened without a session it confirms the address and no more.
    expect(followed.headers.getSetCookie().filter((c) => c.includes("session_token="))).toEqual([]);
  });

  it("sends another link to a signed-in user who asks, and none once confirmed", async () => {
    const user = await signUp({ name: "Again" });
    expect(await outbox(user.email, "verify-email")).toHaveLength(1);
    const again = await api.post("/api/auth/send-verification-email", { email: user.email, callbackURL: "/board" }, { cookie: user.cookie });
    expect(again.status).toBe(200);
    const mails = await outbox(user.email, "verify-email");
    expect(mails).toHaveLength(2);
    expect(mails[0].link).toContain("callbackURL=%2Fboard");
    await request("GET", mails[0].link);
    const done = await api.post("/api/auth/send-verification-email", { email: user.email }, { cookie: user.cookie });
    expect(done.status).toBe(400);
    expect(await outbox(user.email, "verify-email")).toHaveLength(2);
  });

  it("does not accept a forged or tampered token", async () => {
    const user = await signUp();
    const mail = await latestMail(user.email, "verify-email");
    const tampered = mail.link.replace(/token=([^&.]+)\.([^&.]+)\.([^&]+)/, (_m, h, p, s) => `token=${h}.${p}x.${s}`);
    expect(tampered).not.toBe(mail.link);
    await request("GET", tampered);
    const row = await getDb().selectFrom("user").select("emailVerified").where("id", "=", user.userId).executeTakeFirstOrThrow();
    expect(row.emailVerified).toBe(false);
  });
});
