// use-intl's core (next-intl's own translator, without React): these run outside React too (seeding, scripts).
import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from "@/lib/i18n/config";
import en from "@/messages/mail/en.json";
import ja from "@/messages/mail/ja.json";

/**
 * Every email the app sends, one function per message, each returning its subject and its
 * plain-text and HTML bodies in the recipient's language. The wording lives in the `mail`
 * catalog (messages/mail/{en,ja}.json); which language a recipient gets is decided by
 * lib/mail/locale.ts.
 */

export type { Locale };
export type MailKind = "verify-email" | "reset-password" | "invitation";

export interface MailMessage {
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
  /** The link the message is about (logged when no mail server is configured). */
  actionUrl: string;
  locale: Locale;
}

const CATALOGS = { en, ja } as const;

function translator(locale: Locale) {
  return createTranslator({ locale, messages: { mail: CATALOGS[locale] ?? CATALOGS[DEFAULT_LOCALE] }, namespace: "mail" });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A short HTML mail: paragraphs, one button, the link spelled out for clients that hide buttons. */
function layout(locale: Locale, product: string, paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const url = escapeHtml(action.url);
  return [
    `<!doctype html><html lang="${locale}"><body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Sans','Noto Sans JP',sans-serif;font-size:14px;line-height:1.6;color:#0f172a">`,
    `<div style="max-width:480px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:24px">`,
    `<p style="margin:0 0 16px;font-weight:600">${escapeHtml(product)}</p>`,
    body,
    `<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(action.label)}</a></p>`,
    `<p style="margin:0 0 16px;color:#64748b;font-size:12px;word-break:break-all">${escapeHtml(footer)}<br><a href="${url}" style="color:#4f46e5">${url}</a></p>`,
    `</div></body></html>`,
  ].join("");
}

function text(paragraphs: string[], url: string, footer: string): string {
  return [...paragraphs, url, "", footer].join("\n\n").replace(/\n{3,}/g, "\n\n");
}

function compose(kind: MailKind, locale: Locale, subject: string, paragraphs: string[], action: { label: string; url: string }, footer: string): MailMessage {
  const t = translator(locale);
  return {
    kind,
    subject,
    text: text(paragraphs, action.url, footer),
    html: layout(locale, t("productName"), paragraphs, action, footer),
    actionUrl: action.url,
    locale,
  };
}

export function verifyEmailMessage(input: { name: string; url: string }, locale: Locale = DEFAULT_LOCALE): MailMessage {
  const t = translator(locale);
  return compose(
    "verify-email",
    locale,
    t("verify.subject"),
    [t("greeting", { name: input.name }), t("verify.body")],
    { label: t("verify.action"), url: input.url },
    t("verify.footer"),
  );
}

export function resetPasswordMessage(input: { name: string; url: string; expiresInMinutes: number }, locale: Locale = DEFAULT_LOCALE): MailMessage {
  const t = translator(locale);
  return compose(
    "reset-password",
    locale,
    t("reset.subject"),
    [t("greeting", { name: input.name }), t("reset.body", { minutes: input.expiresInMinutes })],
    { label: t("reset.action"), url: input.url },
    t("reset.footer"),
  );
}

export function invitationMessage(
  input: { inviterName: string; workspaceName: string; role: "manager" | "rep"; url: string; expiresAt: Date },
  locale: Locale = DEFAULT_LOCALE,
): MailMessage {
  const t = translator(locale);
  const until = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: locale === "ja" ? "long" : "medium", timeZone: "UTC" }).format(input.expiresAt);
  const names = { inviter: input.inviterName, workspace: input.workspaceName };
  return compose(
    "invitation",
    locale,
    t("invitation.subject", names),
    [t("invitation.body", { ...names, role: input.role }), t("invitation.howTo", { until })],
    { label: t("invitation.action", names), url: input.url },
    t("invitation.footer"),
  );
}
