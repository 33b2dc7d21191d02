/**
 * Request limits per credential in fixed windows, counted in a store every app instance shares
 * (PostgreSQL's `api_rate_limits`, or Redis when `REDIS_URL` is set: ./stores.ts), without a
 * write per request.
 *
 * Each instance counts locally and adds its count to the shared row in batches: in the
 * background once a second, or once its unsent count reaches a twentieth of the limit; the upsert
 * answers the window's total across instances. Near the limit (four fifths of it, by this
 * instance's estimate) every request waits for its own upsert, so the answer there is exact. A
 * credential far from its limit therefore costs one upsert a second per instance, however many
 * requests it sends (docs/decisions/009-api-keys-and-rate-limits.md). A credential seen once is
 * not written at all: its first count waits for the next send, so a flood of made-up credentials
 * costs the store nothing (the client's address pays for those: lib/rate-limit/index.ts). If the
 * store cannot be reached the request is let through: the limit protects the service, an outage of the counter
 * should not become an outage of the API.
 */

/** Where the instances add up their counts. */
export interface CounterStore {
  /** Adds `count` to `key`'s window starting at `windowStart` and answers the window's total. */
  add(key: string, windowStart: Date, windowMs: number, count: number): Promise<number>;
  /** Forgets windows that started before `before` (a store that expires its entries does nothing). */
  sweep(before: Date): Promise<void>;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
}

interface WindowState {
  window: number;
  /** The window's total across instances at the last upsert (ours included). */
  synced: number;
  /** Requests counted here since then, not yet sent. */
  pending: number;
  /** Requests being sent right now. */
  sending: number;
  lastSyncAt: number;
  flushing: Promise<void> | null;
}

export interface RateLimiterOptions {
  windowMs: number;
  /** How often a credential's local count is sent at the latest. */
  syncEveryMs?: number;
  /** How many credentials an instance remembers before it forgets the oldest windows. */
  maxTracked?: number;
  now?: () => number;
}

export class RateLimiter {
  private readonly states = new Map<string, WindowState>();
  private readonly windowMs: number;
  private readonly syncEveryMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;
  private lastSweep = 0;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly store: CounterStore,
    options: RateLimiterOptions,
  ) {
    this.windowMs = options.windowMs;
    this.syncEveryMs = options.syncEveryMs ?? 1_000;
    this.maxTracked = options.maxTracked ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one request of `key` against `limit` and says whether it may proceed. */
  async take(key: string, limit: number): Promise<RateLimitDecision> {
    const now = this.now();
    const window = Math.floor(now / this.windowMs);
    let state = this.states.get(key);
    if (!state || state.window !== window) {
      if (this.states.size >= this.maxTracked) this.forgetOldWindows(window);
      // lastSyncAt starts now: a credential's first request waits for the next send like any other.
      state = { window, synced: 0, pending: 0, sending: 0, lastSyncAt: now, flushing: null };
      this.states.set(key, state);
    }
    state.pending += 1;
    const nearLimit = state.synced + state.sending + state.pending >= Math.ceil(limit * 0.8);
    const batchFull = state.pending >= Math.max(1, Math.floor(limit / 20));
    if (nearLimit || (batchFull && state.flushing)) {
      // Exact near the limit; and never more than a batch unsent per instance.
      while (state.flushing) await state.flushing;
      await this.flush(key, state);
    } else if (batchFull || now - state.lastSyncAt >= this.syncEveryMs) {
      void this.flush(key, state);
    }
    const used = state.synced + state.sending + state.pending;
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000));
    return { allowed: used <= limit, limit, remaining: Math.max(0, limit - used), resetSeconds };
  }

  /** Resolves once every count being sent has arrived (tests, and an orderly shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...[...this.states.values()].map((state) => state.flushing), this.sweeping]);
  }

  private flush(key: string, state: WindowState): Promise<void> {
    if (state.flushing) return state.flushing;
    const count = state.pending;
    if (count === 0) return Promise.resolve();
    state.pending = 0;
    state.sending = count;
    const windowStart = new Date(state.window * this.windowMs);
    state.flushing = (async () => {
      try {
        const total = await this.store.add(key, windowStart, this.windowMs, count);
        state.synced = Math.max(state.synced, total);
        state.lastSyncAt = this.now();
      } catch {
        // Unreachable store: keep the count for the next attempt, and let requests through.
        state.pending += count;
        state.lastSyncAt = this.now();
      } finally {
        state.sending = 0;
        state.flushing = null;
      }
      this.sweep();
    })();
    return state.flushing;
  }

  /** Deletes windows that ended a while ago, at most once a window per instance. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const before = new Date((Math.floor(now / this.windowMs) - 1) * this.windowMs);
    this.sweeping = this.store.sweep(before).catch(() => {});
  }

  private forgetOldWindows(current: number): void {
    for (const [key, state] of this.states) if (state.window !== current && !state.flushing) this.states.delete(key);
    // Every credential is in the current window: forget them all rather than grow without bound.
    if (this.states.size >= this.maxTracked) this.states.clear();
  }
}
