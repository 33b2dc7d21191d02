import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { MailMessage } from "./messages";

/**
 * Sending mail. With `SMTP_URL` set, messages go out through nodemailer, in the background: the
 * request that caused them answers as fast whether or not an address exists (a password reset
 * for a known address must not take longer than one for an unknown one), and a failure is
 * logged, never shown to the client. Without it, each message is written to the server log
 * (where a local user follows the link) and to the `mail_outbox` table (where the tests do);
 * nothing is sent. docs/decisions/007-client-address-and-mail.md.
 */

export function mailIsConfigured(): boolean {
  return !!env.SMTP_URL;
}

const globalForMail = globalThis as unknown as { __pipelineMail?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (globalForMail.__pipelineMail?.url !== url) globalForMail.__pipelineMail = { url, transport: nodemailer.createTransport(url) };
  return globalForMail.__pipelineMail.transport;
}

/** Deliveries under way, so tests (and a graceful stop) can wait for them. */
const inFlight = new Set<Promise<void>>();

export async function settleMail(): Promise<void> {
  await Promise.all([...inFlight]);
}

export async function sendMail(to: string, message: MailMessage): Promise<void> {
  const smtp = env.SMTP_URL;
  if (smtp) {
    const delivery = transport(smtp)
      .sendMail({ from: env.MAIL_FROM, to, subject: message.subject, text: message.text, html: message.html })
      .then(() => undefined)
      .catch((error: Error) => console.error(`[mail] sending ${message.kind} to ${to} failed: ${error.message}`))
      .finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
    return;
  }
  // One write, so concurrent requests' lines never interleave within a message.
  console.log(`[mail] ${message.kind} to ${to} (not sent: no SMTP_URL; kept in the outbox)\n[mail]   Subject: ${message.subject}\n[mail]   Link: ${message.actionUrl}`);
  await getDb()
    .insertInto("mail_outbox")
    .values({ id: newId("mail"), kind: message.kind, to_address: to, subject: message.subject, text_body: message.text, html_body: message.html })
    .execute();
}
