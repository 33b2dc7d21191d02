import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";
import { outbox } from "@/tests/support/mail";
import { invitationMessage, resetPasswordMessage, verifyEmailMessage } from "./messages";
import { mailIsConfigured, sendMail, settleMail } from "./send";

/**
 * Sending mail: through a real SMTP server (smtp-server, nodemailer's own, on a local port) when
 * SMTP_URL is set; to the server log and the outbox table when it is not.
 */

const savedUrl = env.SMTP_URL;
afterEach(() => {
  env.SMTP_URL = savedUrl;
  vi.restoreAllMocks();
});

async function smtpSink() {
  const received: Array<{ from: string; to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("sendMail", () => {
  it("without SMTP_URL, logs the message with its link and keeps it in the outbox", async () => {
    env.SMTP_URL = undefined;
    expect(mailIsConfigured()).toBe(false);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const to = `outbox-${Date.now()}@example.test`;
    await sendMail(to, verifyEmailMessage({ name: "Olly", url: "http://localhost:3000/api/auth/verify-email?token=t1" }));
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0][0]);
    expect(line.split("\n")).toEqual([
      `[mail] verify-email to ${to} (not sent: no SMTP_URL; kept in the outbox)`,
      "[mail]   Subject: Confirm your email address for Pipeline",
      "[mail]   Link: http://localhost:3000/api/auth/verify-email?token=t1",
    ]);
    const [kept] = await outbox(to);
    expect(kept).toMatchObject({ kind: "verify-email", subject: "Confirm your email address for Pipeline", link: "http://localhost:3000/api/auth/verify-email?token=t1" });
  });

  it("with SMTP_URL, delivers through the SMTP server and keeps nothing in the outbox", async () => {
    const sink = await smtpSink();
    try {
      env.SMTP_URL = sink.url;
      expect(mailIsConfigured()).toBe(true);
      const to = `smtp-${Date.now()}@example.test`;
      await sendMail(to, resetPasswordMessage({ name: "Sam", url: "http://localhost:3000/api/auth/reset-password/abc?callbackURL=%2Freset-password", expiresInMinutes: 60 }));
      await settleMail();
      expect(sink.received).toHaveLength(1);
      const [mail] = sink.received;
      expect(mail.to).toEqual([to]);
      expect(mail.from).toBe("no-reply@pipeline.localhost");
      expect(mail.raw).toContain("Subject: Reset your Pipeline password");
      expect(mail.raw).toMatch(/Content-Type: text\/plain/);
      expect(mail.raw).toMatch(/Content-Type: text\/html/);
      expect(await outbox(to)).toEqual([]);
    } finally {
      await sink.close();
    }
  });

  it("with an unreachable SMTP server, logs the failure and does not throw", async () => {
    env.SMTP_URL = "smtp://127.0.0.1:9";
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await sendMail("someone@example.test", verifyEmailMessage({ name: "X", url: "http://localhost:3000/x" }));
    await settleMail();
    expect(String(error.mock.calls[0]?.[0])).toContain("[mail] sending verify-email to someone@example.test failed");
  });
});

describe("messages", () => {
  it("escape what users typed in the HTML and keep the link in both bodies", () => {
    const m = invitationMessage({
      inviterName: "<b>Mallory</b>",
      workspaceName: "R&D \"Team\"",
      role: "manager",
      url: "http://localhost:3000/invite/inv_1?token=a&b",
      expiresAt: new Date("2027-01-15T00:00:00Z"),
    });
    expect(m.subject).toBe('<b>Mallory</b> invited you to R&D "Team" on Pipeline');
    expect(m.html).not.toContain("<b>Mallory</b>");
    expect(m.html).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
    expect(m.html).toContain('href="http://localhost:3000/invite/inv_1?token=a&amp;b"');
    expect(m.text).toContain("http://localhost:3000/invite/inv_1?token=a&b");
    expect(m.text).toContain("as a manager");
    expect(m.text).toContain("Jan 15, 2027");
  });

  it("are written in the recipient's language from the mail catalog", () => {
    const input = { inviterName: "田中 美香", workspaceName: "さくら商事 営業部", role: "rep" as const, url: "http://localhost:3000/invite/inv_2?token=x", expiresAt: new Date("2027-01-15T00:00:00Z") };
    const ja = invitationMessage(input, "ja");
    expect(ja.subject).toBe("【Pipeline】田中 美香 さんから さくら商事 営業部 への招待が届いています");
    expect(ja.text).toContain("営業担当として");
    expect(ja.text).toContain("2027年1月15日");
    expect(ja.html).toContain('<html lang="ja">');
    expect(ja.html).toContain("さくら商事 営業部 に参加");
    expect(invitationMessage(input, "en").text).toContain("as a sales rep");

    const reset = resetPasswordMessage({ name: "田中 太郎", url: "http://localhost:3000/r", expiresInMinutes: 60 }, "ja");
    expect(reset.subject).toBe("【Pipeline】パスワードの再設定");
    expect(reset.text.startsWith("田中 太郎 様")).toBe(true);
    expect(reset.text).toContain("60 分以内");
    expect(verifyEmailMessage({ name: "Riko", url: "http://localhost:3000/v" }, "ja").subject).toBe("【Pipeline】メールアドレスの確認");
    expect(verifyEmailMessage({ name: "Riko", url: "http://localhost:3000/v" }).text.startsWith("Hello Riko,")).toBe(true);
  });
});
