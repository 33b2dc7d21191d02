import { randomFillSync } from "node:crypto";
import { monotonicFactory } from "ulid";
import { ID_PREFIX, type IdKind } from "./id-patterns";

export { ID_PREFIX, idPattern, type IdKind } from "./id-patterns";

/**
 * ulid's own generator asks the platform for one random byte per character: 16 calls to
 * `crypto.getRandomValues` (a `randomFillSync` each) for every new id, 1.5% of the server's CPU
 * during stage moves (docs/benchmarks.md#id-generation). The same cryptographic bytes, drawn
 * 4 kB at a time, as Node's own `randomUUID` does.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;
function randomFraction(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

const ulid = monotonicFactory(randomFraction);

/** A prefixed, time-ordered id such as `deal_01JDX3...`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${ulid()}`;
}
