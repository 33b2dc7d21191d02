import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAddress, PEER_HEADER, peerHeaderIsTrusted, trustPeerHeader } from "./client-address";
import { env } from "./env";

const STAMPED = Symbol.for("pipeline.peer-address-stamped");
const saved = { hops: env.TRUSTED_PROXY_HOPS, proxies: env.TRUSTED_PROXIES };

afterEach(() => {
  env.TRUSTED_PROXY_HOPS = saved.hops;
  env.TRUSTED_PROXIES = saved.proxies;
  delete (globalThis as Record<symbol, unknown>)[STAMPED];
});

const headers = (h: Record<string, string>) => new Headers(h);
const spoofs = { "x-real-ip": "6.6.6.1", forwarded: "for=6.6.6.2", "cf-connecting-ip": "6.6.6.3", "true-client-ip": "6.6.6.4" };

describe("clientAddress", () => {
  it("is the socket's address, whatever a client writes, when no proxy is declared", () => {
    trustPeerHeader();
    expect(peerHeaderIsTrusted()).toBe(true);
    expect(clientAddress(headers({ [PEER_HEADER]: "192.0.2.10", "x-forwarded-for": "6.6.6.6", ...spoofs }))).toBe("192.0.2.10");
    expect(clientAddress(headers({ [PEER_HEADER]: "::ffff:192.0.2.11" }))).toBe("192.0.2.11");
    expect(clientAddress(headers({ [PEER_HEADER]: "2001:DB8::1" }))).toBe("2001:db8::1");
  });

  it("is unknown without the front server, rather than a header's claim", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(clientAddress(headers({ [PEER_HEADER]: "192.0.2.10", "x-forwarded-for": "6.6.6.6" }))).toBeNull();
    warn.mockRestore();
  });

  it("takes X-Forwarded-For's entry that many hops from the right behind TRUSTED_PROXY_HOPS proxies", () => {
    trustPeerHeader();
    env.TRUSTED_PROXY_HOPS = 1;
    const h = { [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7", ...spoofs };
    expect(clientAddress(headers(h))).toBe("198.51.100.7");
    env.TRUSTED_PROXY_HOPS = 2;
    expect(clientAddress(headers(h))).toBe("6.6.6.6");
    // A chain shorter than the hops: the furthest address there is.
    env.TRUSTED_PROXY_HOPS = 3;
    expect(clientAddress(headers(h))).toBe("6.6.6.6");
    // No header: the peer itself.
    env.TRUSTED_PROXY_HOPS = 1;
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.2" }))).toBe("10.0.0.2");
    // Behind a counted proxy the app needs no front server: the nearest proxy wrote the last entry.
    delete (globalThis as Record<symbol, unknown>)[STAMPED];
    expect(clientAddress(headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.8" }))).toBe("198.51.100.8");
  });

  it("walks X-Forwarded-For from the right past the TRUSTED_PROXIES only", () => {
    trustPeerHeader();
    env.TRUSTED_PROXIES = "10.0.0.0/8, loopback";
    expect(clientAddress(headers({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "6.6.6.6, 198.51.100.9, 127.0.0.1" }))).toBe("198.51.100.9");
    // A peer that is not one of the proxies is the client, whatever it forwards.
    expect(clientAddress(headers({ [PEER_HEADER]: "192.0.2.50", "x-forwarded-for": "198.51.100.9" }))).toBe("192.0.2.50");
    // Without the front server the peer cannot be checked against the list.
    delete (globalThis as Record<symbol, unknown>)[STAMPED];
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(clientAddress(headers({ "x-forwarded-for": "198.51.100.9" }))).toBeNull();
    warn.mockRestore();
  });

  it("is unknown when a trusted proxy forwards something that is not an address", () => {
    trustPeerHeader();
    env.TRUSTED_PROXY_HOPS = 1;
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "unknown" }))).toBeNull();
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "[2001:db8::5]" }))).toBe("2001:db8::5");
  });
});
