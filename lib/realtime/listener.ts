import "server-only";
import pg from "pg";
import { type DbHandle, getDbHandle } from "@/lib/db";
import { DEAL_CHANGES_CHANNEL, type DealChangeEvent, type WorkspaceChangeEvent } from "./notify";

/**
 * One LISTEN per process for deal changes, fanned out to in-process subscribers by tenant.
 *
 * On PostgreSQL a dedicated `pg.Client` (not a pool connection: LISTEN is per session) listens on
 * `deal_changes` and reconnects with exponential backoff when the connection drops; subscribers
 * get a `resync` after a reconnect, because notifications sent meanwhile are lost. On PGlite the
 * embedded instance's own `listen` is used. The listener starts with the first subscriber and
 * stops with the last, so idle processes hold no extra connection.
 */

export type RealtimeMessage = { type: "deal_change"; event: DealChangeEvent } | { type: "resync" };
export type RealtimeCallback = (message: RealtimeMessage) => void;

export interface Subscription {
  /** Resolves once the LISTEN is in place: changes committed after this are delivered. */
  ready: Promise<void>;
  close(): void;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 30_000;

interface Source {
  ready: Promise<void>;
  stop(): Promise<void>;
}

export class DealChangeHub {
  private readonly byTenant = new Map<string, Set<RealtimeCallback>>();
  private source: Source | null = null;
  private sourceHandle: DbHandle | null = null;

  constructor(private readonly getHandle: () => DbHandle = getDbHandle) {}

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byTenant.values()) n += set.size;
    return n;
  }

  subscribe(tenantId: string, callback: RealtimeCallback): Subscription {
    let set = this.byTenant.get(tenantId);
    if (!set) this.byTenant.set(tenantId, (set = new Set()));
    set.add(callback);
    const source = this.ensureSource();
    let closed = false;
    return {
      ready: source.ready,
      close: () => {
        if (closed) return;
        closed = true;
        const current = this.byTenant.get(tenantId);
        current?.delete(callback);
        if (current && current.size === 0) this.byTenant.delete(tenantId);
        if (this.byTenant.size === 0) void this.stop();
      },
    };
  }

  /** Closes the listener (tests; the last unsubscribe does this too). */
  async stop(): Promise<void> {
    const source = this.source;
    this.source = null;
    this.sourceHandle = null;
    await source?.stop();
  }

  /**
   * Parses a NOTIFY payload and hands it to the subscribers of its tenant only: a deal change as
   * is, a workspace change as a `resync` (what its members may see has changed).
   */
  dispatch(payload: string | undefined): void {
    if (!payload) return;
    let event: DealChangeEvent | WorkspaceChangeEvent;
    try {
      event = JSON.parse(payload) as DealChangeEvent | WorkspaceChangeEvent;
    } catch {
      console.error("[realtime] ignoring a malformed deal_changes payload");
      return;
    }
    const set = typeof event?.tenant_id === "string" ? this.byTenant.get(event.tenant_id) : undefined;
    if (!set) return;
    const message: RealtimeMessage = event.kind === "workspace_changed" ? { type: "resync" } : { type: "deal_change", event };
    for (const callback of [...set]) callback(message);
  }

  private broadcast(message: RealtimeMessage): void {
    for (const set of this.byTenant.values()) for (const callback of [...set]) callback(message);
  }

  private ensureSource(): Source {
    const handle = this.getHandle();
    if (this.source && this.sourceHandle === handle) return this.source;
    // The process's database changed (tests install their own): listen on the new one.
    if (this.source) void this.source.stop();
    this.sourceHandle = handle;
    this.source = handle.kind === "pglite" ? this.pgliteSource(handle) : this.postgresSource(handle);
    return this.source;
  }

  private pgliteSource(handle: DbHandle): Source {
    const pglite = handle.pglite!;
    const unlisten = pglite.listen(DEAL_CHANGES_CHANNEL, (payload) => this.dispatch(payload));
    return {
      ready: unlisten.then(() => undefined),
      stop: async () => {
        await (await unlisten.catch(() => null))?.();
      },
    };
  }

  private postgresSource(handle: DbHandle): Source {
    const connectionString = handle.pool!.options.connectionString;
    let client: pg.Client | null = null;
    let stopped = false;
    let attempt = 0;
    let timer: NodeJS.Timeout | null = null;
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));

    const scheduleReconnect = () => {
      if (stopped || timer) return;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, delay);
    };

    const connect = async () => {
      if (stopped) return;
      const c = new pg.Client({ connectionString, application_name: "pipeline-realtime", keepAlive: true });
      client = c;
      let failed = false;
      const fail = (err?: Error) => {
        if (failed) return;
        failed = true;
        if (err && !stopped) console.error(`[realtime] listener connection lost: ${err.message}`);
        c.removeAllListeners("notification");
        c.end().catch(() => {});
        if (client === c) client = null;
        scheduleReconnect();
      };
      c.on("notification", (msg) => {
        if (msg.channel === DEAL_CHANGES_CHANNEL) this.dispatch(msg.payload);
      });
      c.on("error", fail);
      c.on("end", () => fail());
      try {
        await c.connect();
        await c.query(`LISTEN ${DEAL_CHANGES_CHANNEL}`);
        if (stopped) return void c.end().catch(() => {});
        const reconnected = attempt > 0;
        attempt = 0;
        resolveReady();
        // Changes made while we were disconnected were not heard: tell clients to refetch.
        if (reconnected) this.broadcast({ type: "resync" });
      } catch (error) {
        fail(error as Error);
      }
    };

    void connect();
    return {
      ready,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        const c = client;
        client = null;
        if (c) {
          c.removeAllListeners();
          c.on("error", () => {});
          await c.end().catch(() => {});
        }
      },
    };
  }
}

// One hub per process, kept on globalThis so dev reloads do not open a second LISTEN connection.
const globalForHub = globalThis as unknown as { __pipelineDealChangeHub?: DealChangeHub };

export function dealChangeHub(): DealChangeHub {
  globalForHub.__pipelineDealChangeHub ??= new DealChangeHub();
  return globalForHub.__pipelineDealChangeHub;
}

export function subscribeDealChanges(tenantId: string, callback: RealtimeCallback): Subscription {
  return dealChangeHub().subscribe(tenantId, callback);
}
