import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyAddr from "@fastify/proxy-addr";
import { env, trustList } from "@/lib/env";

/**
 * The address of the client that sent a request, for rate limits and session records.
 *
 * A request handler never sees the socket: scripts/serve.mjs, the server in front of Next.js,
 * writes the socket's address into `x-pipeline-peer` on every request (replacing any copy a
 * client sent) and marks the process. Headers a client can write (X-Forwarded-For, X-Real-IP,
 * Forwarded, CF-Connecting-IP, True-Client-IP, ...) count only as far as the operator declared
 * proxies in front of the app: `TRUSTED_PROXY_HOPS` proxies, or peers within `TRUSTED_PROXIES`,
 * each appending the address it received from to X-Forwarded-For, as Express's `trust proxy`
 * does (docs/decisions/007-client-address-and-mail.md).
 */

/** Written by scripts/serve.mjs only (same names there). */
export const PEER_HEADER = "x-pipeline-peer";
const PEER_STAMPED = Symbol.for("pipeline.peer-address-stamped");

/** The one header better-auth reads the client's address from; set by the auth route, never by a client. */
export const CLIENT_ADDRESS_HEADER = "x-pipeline-client-address";

/** Whether the server in front of the app writes the peer header (scripts/serve.mjs; tests mark it too). */
export function peerHeaderIsTrusted(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_STAMPED] === true;
}

/** Marks this process as fronted by a server that writes the peer header (in-process tests stand in for one). */
export function trustPeerHeader(): void {
  (globalThis as Record<symbol, unknown>)[PEER_STAMPED] = true;
}

type Trust = (address: string, hop: number) => boolean;

function compileTrust(hops: number, proxies: string[]): Trust | null {
  if (proxies.length) return proxyAddr.compile(proxies);
  if (hops > 0) return (_address, hop) => hop < hops;
  return null;
}

let compiled: { key: string; trust: Trust | null } | undefined;
function trust(): Trust | null {
  const key = `${env.TRUSTED_PROXY_HOPS}|${env.TRUSTED_PROXIES}`;
  if (compiled?.key !== key) compiled = { key, trust: compileTrust(env.TRUSTED_PROXY_HOPS, trustList(env.TRUSTED_PROXIES)) };
  return compiled.trust;
}

let warned = false;

/**
 * The client's address, or null when it cannot be known (the app runs without scripts/serve.mjs
 * and no proxy is declared): callers then treat every such request as one client.
 */
export function clientAddress(headers: Headers): string | null {
  const peer = peerHeaderIsTrusted() ? headers.get(PEER_HEADER) : null;
  const rule = trust();
  if (!peer && !(env.TRUSTED_PROXY_HOPS > 0)) {
    if (!warned) {
      warned = true;
      console.warn(
        "[pipeline] the client's address is unknown: serve the app with `npm start` (scripts/serve.mjs) or declare the proxy in front of it (TRUSTED_PROXY_HOPS); rate limits treat every client as one meanwhile.",
      );
    }
    return null;
  }
  // Without the front server but behind a declared number of proxies, the nearest one is trusted
  // by count, so its own address does not matter.
  const socketAddress = peer || "0.0.0.0";
  if (!rule) return normalize(socketAddress);
  const forwardedFor = headers.get("x-forwarded-for");
  const req = { socket: { remoteAddress: socketAddress }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} };
  return normalize(proxyAddr(req as unknown as IncomingMessage, rule));
}

function normalize(address: string): string | null {
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1");
  if (!isIP(bare)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1] : bare.toLowerCase();
}
