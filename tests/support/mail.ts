import { getDb } from "@/lib/db";
import type { MailKind } from "@/lib/mail/messages";

/** Mail the app kept in its outbox (no SMTP_URL in tests): what a user would find in their inbox. */
export interface OutboxMail {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The first link of the text body. */
  link: string;
}

export async function outbox(to: string, kind?: MailKind): Promise<OutboxMail[]> {
  let query = getDb()
    .selectFrom("mail_outbox")
    .select(["kind", "to_address", "subject", "text_body", "html_body"])
    .where((eb) => eb(eb.fn("lower", ["to_address"]), "=", to.toLowerCase()))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc");
  if (kind) query = query.where("kind", "=", kind);
  const rows = await query.execute();
  return rows.map((r) => ({
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    link: /https?:\/\/\S+/.exec(r.text_body)?.[0] ?? "",
  }));
}

/** The newest mail of a kind to an address; fails when there is none. */
export async function latestMail(to: string, kind: MailKind): Promise<OutboxMail> {
  const [mail] = await outbox(to, kind);
  if (!mail) throw new Error(`no ${kind} mail to ${to} in the outbox`);
  return mail;
}
