/**
 * Every email the app sends, one function per message, each returning its subject and its
 * plain-text and HTML bodies. English only for now; the `locale` parameter is where a
 * translation step plugs in, so the wording of all mail stays in this one file.
 */

export type Locale = "en";
export type MailKind = "verify-email" | "reset-password" | "invitation";

export interface MailMessage {
  kind: MailKind;
  subject: string;
  text: string;
  html: string;
  /** The link the message is about (logged when no mail server is configured). */
  actionUrl: string;
}

const PRODUCT = "Pipeline";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A short HTML mail: paragraphs, one button, the link spelled out for clients that hide buttons. */
function layout(paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const url = escapeHtml(action.url);
  return [
    `<!doctype html><html><body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Sans','Noto Sans JP',sans-serif;font-size:14px;line-height:1.5;color:#0f172a">`,
    `<div style="max-width:480px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:24px">`,
    `<p style="margin:0 0 16px;font-weight:600">${PRODUCT}</p>`,
    body,
    `<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(action.label)}</a></p>`,
    `<p style="margin:0 0 16px;color:#64748b;font-size:12px;word-break:break-all">${escapeHtml(footer)}<br><a href="${url}" style="color:#4f46e5">${url}</a></p>`,
    `</div></body></html>`,
  ].join("");
}

function text(paragraphs: string[], url: string, footer: string): string {
  return [...paragraphs, url, "", footer].join("\n\n").replace(/\n{3,}/g, "\n\n");
}

export function verifyEmailMessage(input: { name: string; url: string }, _locale: Locale = "en"): MailMessage {
  const paragraphs = [`Hi ${input.name},`, `Confirm that this is your email address to finish setting up your ${PRODUCT} account. The link works for 24 hours.`];
  const footer = "If you did not create an account, ignore this email: nothing happens without the link.";
  return {
    kind: "verify-email",
    subject: `Confirm your email address for ${PRODUCT}`,
    text: text(paragraphs, input.url, footer),
    html: layout(paragraphs, { label: "Confirm email address", url: input.url }, footer),
    actionUrl: input.url,
  };
}

export function resetPasswordMessage(input: { name: string; url: string; expiresInMinutes: number }, _locale: Locale = "en"): MailMessage {
  const paragraphs = [
    `Hi ${input.name},`,
    `Someone asked to reset the password of your ${PRODUCT} account. Choose a new one with the link below; it works once, for ${input.expiresInMinutes} minutes. Resetting signs you out everywhere else.`,
  ];
  const footer = "If it was not you, ignore this email: your password stays as it is.";
  return {
    kind: "reset-password",
    subject: `Reset your ${PRODUCT} password`,
    text: text(paragraphs, input.url, footer),
    html: layout(paragraphs, { label: "Choose a new password", url: input.url }, footer),
    actionUrl: input.url,
  };
}

export function invitationMessage(
  input: { inviterName: string; workspaceName: string; role: "manager" | "sales rep"; url: string; expiresAt: Date },
  _locale: Locale = "en",
): MailMessage {
  const until = new Intl.DateTimeFormat("en", { dateStyle: "medium" }).format(input.expiresAt);
  const paragraphs = [
    `${input.inviterName} invited you to join ${input.workspaceName} on ${PRODUCT} as a ${input.role}.`,
    `Open the link to sign in or create your account with this email address, then accept. The invitation is valid until ${until}.`,
  ];
  const footer = "Only this link lets you join. If you were not expecting it, ignore this email.";
  return {
    kind: "invitation",
    subject: `${input.inviterName} invited you to ${input.workspaceName} on ${PRODUCT}`,
    text: text(paragraphs, input.url, footer),
    html: layout(paragraphs, { label: `Join ${input.workspaceName}`, url: input.url }, footer),
    actionUrl: input.url,
  };
}
