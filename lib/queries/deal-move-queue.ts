import type { Deal } from "@/lib/deals/schema";

/**
 * Moves of one deal are sent strictly one after another: the second waits for the first and
 * sends the version the first one produced, so a quick second drag is neither lost nor
 * reordered nor refused as a conflict with ourselves. Moves of different deals run in parallel.
 */

/** A move queued behind an earlier move of the same deal that failed: dropped, not sent. */
export class SupersededMoveError extends Error {
  constructor() {
    super("An earlier move of this deal failed.");
    this.name = "SupersededMoveError";
  }
}

interface MoveChain {
  tail: Promise<Deal | undefined>;
  pending: number;
  lastSeq: number;
}
const moveChains = new Map<string, MoveChain>();
let moveSeq = 0;

/**
 * Queues `send` behind the deal's earlier moves; it gets the deal the previous move produced
 * (undefined for the first). `seq` numbers the move, for `hasLaterMove`.
 */
export function enqueueMove(dealId: string, send: (latest: Deal | undefined) => Promise<Deal>): { seq: number; done: Promise<Deal> } {
  const chain = moveChains.get(dealId) ?? { tail: Promise.resolve(undefined), pending: 0, lastSeq: 0 };
  moveChains.set(dealId, chain);
  const seq = ++moveSeq;
  chain.lastSeq = seq;
  chain.pending += 1;
  const done = chain.tail.then(send, () => {
    throw new SupersededMoveError();
  });
  chain.tail = done;
  const settle = () => {
    chain.pending -= 1;
    if (chain.pending === 0 && moveChains.get(dealId) === chain) moveChains.delete(dealId);
  };
  done.then(settle, settle);
  return { seq, done };
}

/** Whether a move of this deal was queued after the one numbered `seq`. */
export const hasLaterMove = (dealId: string, seq: number) => (moveChains.get(dealId)?.lastSeq ?? seq) > seq;
