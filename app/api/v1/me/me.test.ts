import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { settleMail } from "@/lib/mail/send";
import { api, signUp } from "@/tests/support/http";
import { outbox } from "@/tests/support/mail";

/**
 * The person's own profile (PATCH /api/v1/me), problem+json in the client's language, and the
 * languages of what sign-up creates: the workspace's name and the confirmation mail.
 */
describe("PATCH /api/v1/me", () => {
  it("changes the name and the language, keeps what is left out, and null follows the browser again", async () => {
    const user = await signUp({ name: "Riko Ishida" });
    let res = await api.patch("/api/v1/me", { locale: "ja" }, { token: user.token });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ name: "Riko Ishida", locale: "ja" });

    res = await api.patch("/api/v1/me", { name: "  石田 莉子 " }, { token: user.token });
    expect((await res.json()).user).toMatchObject({ name: "石田 莉子", locale: "ja" });
    expect((await (await api.get("/api/v1/me", { token: user.token })).json()).user).toMatchObject({ name: "石田 莉子", locale: "ja" });

    res = await api.patch("/api/v1/me", { locale: null }, { token: user.token });
    expect((await res.json()).user.locale).toBeNull();
  });

  it("refuses bad input with problem+json and per-field errors", async () => {
    const user = await signUp();
    for (const [body, field, code] of [
      [{ locale: "fr" }, "locale", "invalid_value"],
      [{ name: "   " }, "name", undefined],
      [{ email: "x@example.test" }, "email", "unknown_field"],
      [{ name: "x".repeat(101) }, "name", undefined],
    ] as const) {
      const res = await api.patch("/api/v1/me", body, { token: user.token });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = await res.json();
      expect(problem.errors[0].field).toBe(field);
      if (code) expect(problem.errors[0].code).toBe(code);
    }
    expect((await (await api.get("/api/v1/me", { token: user.token })).json()).user.locale).toBeNull();
  });
});

describe("problem+json and Accept-Language", () => {
  it("localizes title and fixed details for ja; the code stays the contract", async () => {
    const ja = await (await api.get("/api/v1/me", { headers: { "accept-language": "ja-JP,ja;q=0.9,en;q=0.8" } })).json();
    expect(ja).toMatchObject({ status: 401, code: "unauthorized", title: "認証が必要です", detail: "ログインするか、有効な Bearer トークンを送信してください。" });
    const en = await (await api.get("/api/v1/me", { headers: { "accept-language": "en-US" } })).json();
    expect(en).toMatchObject({ status: 401, code: "unauthorized", title: "Unauthorized" });

    const user = await signUp();
    const invalid = await (await api.patch("/api/v1/me", { locale: "fr" }, { token: user.token, headers: { "accept-language": "ja" } })).json();
    expect(invalid).toMatchObject({ status: 400, code: "validation_failed", title: "不正なリクエスト" });
    expect(invalid.errors[0]).toMatchObject({ field: "locale" });

    const method = await api.post("/api/v1/me", {}, { token: user.token, headers: { "accept-language": "ja" } });
    expect(method.status).toBe(405);
    expect(await method.json()).toMatchObject({ code: "method_not_allowed", title: "許可されていないメソッド" });
  });
});

describe("what sign-up creates, in the sign-up's language", () => {
  it("names the workspace from a localized pattern and writes the confirmation mail in Japanese", async () => {
    const email = `ja-${randomBytes(4).toString("hex")}@example.test`;
    const res = await api.post(
      "/api/auth/sign-up/email",
      { email, password: "correct-horse-battery", name: "田中 太郎" },
      { headers: { "accept-language": "ja-JP,ja;q=0.9" }, peer: "10.254.0.1" },
    );
    expect(res.status).toBe(200);
    const token = res.headers.get("set-auth-token")!;
    expect((await (await api.get("/api/v1/me", { token })).json()).tenant.name).toBe("田中 太郎のチーム");
    await settleMail();
    await expect.poll(async () => (await outbox(email, "verify-email"))[0]?.subject).toBe("【Pipeline】メールアドレスの確認");
    expect((await outbox(email, "verify-email"))[0].text.startsWith("田中 太郎 様")).toBe(true);

    const en = await signUp({ name: "Riko Ishida" });
    expect((await (await api.get("/api/v1/me", { token: en.token })).json()).tenant.name).toBe("Riko Ishida's team");
  });

  it("writes a password-reset mail in the saved language, whatever the browser says", async () => {
    const user = await signUp({ name: "Ken" });
    await api.patch("/api/v1/me", { locale: "ja" }, { token: user.token });
    const res = await api.post("/api/auth/request-password-reset", { email: user.email, redirectTo: "/reset-password" }, { headers: { "accept-language": "en-US" }, peer: "10.254.0.2" });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await outbox(user.email, "reset-password"))[0]?.subject).toBe("【Pipeline】パスワードの再設定");
    const row = await getDb().selectFrom("user").select("locale").where("id", "=", user.userId).executeTakeFirstOrThrow();
    expect(row.locale).toBe("ja");
  });
});
