import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";
import { serverLogPath } from "./server-log";

/**
 * Mail in the e2e server's log. The server runs without SMTP_URL, so the app writes every message
 * it would send to its log (and outbox table); a local user follows the link from the terminal,
 * and these helpers do the same.
 */
export interface LoggedMail {
  kind: string;
  to: string;
  subject: string;
  link: string;
}

const port = process.env.E2E_PORT ?? "3100";

export function loggedMail(): LoggedMail[] {
  const lines = readFileSync(serverLogPath(port), "utf8").split("\n");
  const out: LoggedMail[] = [];
  lines.forEach((line, i) => {
    const head = /^\[mail\] (\S+) to (\S+) /.exec(line);
    if (!head) return;
    const subject = /^\[mail\] {3}Subject: (.*)$/.exec(lines[i + 1] ?? "")?.[1] ?? "";
    const link = /^\[mail\] {3}Link: (\S+)$/.exec(lines[i + 2] ?? "")?.[1] ?? "";
    out.push({ kind: head[1], to: head[2], subject, link });
  });
  return out;
}

/** Waits for the newest message of a kind to an address (newer than `after` of them) and returns it. */
export async function waitForMail(to: string, kind: string, after = 0): Promise<LoggedMail> {
  let found: LoggedMail[] = [];
  await expect
    .poll(() => (found = loggedMail().filter((m) => m.to.toLowerCase() === to.toLowerCase() && m.kind === kind)).length, {
      message: `a ${kind} mail to ${to} in the server log`,
      timeout: 10_000,
    })
    .toBeGreaterThan(after);
  return found[found.length - 1];
}

export function mailCount(to: string, kind: string): number {
  return loggedMail().filter((m) => m.to.toLowerCase() === to.toLowerCase() && m.kind === kind).length;
}
