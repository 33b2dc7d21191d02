import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { isPrivateAddress } from "./address";

/**
 * One signed POST to an endpoint. The host is resolved by our own `lookup`, which refuses
 * private, loopback and link-local answers (unless allowed) and hands the checked address to the
 * socket, so a DNS answer cannot change between the check and the connection. Redirects are
 * never followed (a 3xx is a failed attempt), the whole attempt has a deadline, and at most 64 kB
 * of the answer are read.
 */

export interface SendOptions {
  timeoutMs: number;
  /** Deliver to loopback, private and link-local addresses too (WEBHOOK_ALLOW_PRIVATE_URLS=1). */
  allowPrivate: boolean;
  /** Deliver to http:// URLs too (WEBHOOK_ALLOW_PRIVATE_URLS=1). */
  allowHttp: boolean;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  /** Why the attempt failed, in words safe to show and log (never the secret or the body sent). */
  error: string | null;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

class RefusedAddress extends Error {}

function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: (...args: any[]) => void) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err);
      if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
        return callback(new RefusedAddress(`${hostname} resolves to a private, loopback or link-local address`));
      }
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Signs `body` per Standard Webhooks with the endpoint's `whsec_` secret. */
export function signatureHeaders(secret: string, messageId: string, body: string, at: Date): Record<string, string> {
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(messageId, at, body),
  };
}

export function sendWebhook(target: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (error: string, status: number | null = null): SendResult => ({ ok: false, status, durationMs: elapsed(), error });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(fail("invalid URL"));
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol !== "https:" && !(options.allowHttp && url.protocol === "http:")) return Promise.resolve(fail("only https URLs are delivered to"));
  // An IP literal is connected to without a lookup: check it here.
  if (isIP(host) && !options.allowPrivate && isPrivateAddress(host)) {
    return Promise.resolve(fail("refused: private, loopback or link-local address"));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Pipeline-Webhooks/1" },
        lookup: guardedLookup(options.allowPrivate) as never,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let received = 0;
        res.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          if (status >= 200 && status < 300) finish({ ok: true, status, durationMs: elapsed(), error: null });
          else if (status >= 300 && status < 400) finish(fail(`redirect (${status}) not followed`, status));
          else finish(fail(`HTTP ${status}`, status));
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    const deadline = setTimeout(() => {
      finish(fail(`timed out after ${options.timeoutMs} ms`));
      req.destroy();
    }, options.timeoutMs);
    req.on("error", (err) => {
      finish(fail(err instanceof RefusedAddress ? `refused: ${err.message}` : `connection failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    req.end(body);
  });
}
