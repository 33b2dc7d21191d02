import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

/**
 * Positions within a board column are fractional-index strings (base 62, compared bytewise:
 * the column is `collate "C"`). A move computes one key between its new neighbours, so only
 * the moved row is written; clients never renumber rows.
 *
 * The server's keys end with the moved deal's id (`rankBetweenFor`), so they are unique: two moves that
 * read the same neighbours at the same time compute the same key, and without the id they would
 * write it twice, after which "between these two cards" has no answer. With it, each lands
 * between the neighbours it was given (ordered by id among themselves) and stays distinct.
 */

/** A key strictly between `above` and `below` (null = open end). Order-tolerant for stale neighbours. */
export function rankBetween(above: string | null, below: string | null): string {
  if (above !== null && below !== null && above >= below) {
    // Neighbours out of order (e.g. read from a stale board): fall back to directly after `above`.
    return generateKeyBetween(above, null);
  }
  return generateKeyBetween(above, below);
}

/**
 * `rankBetween`, made unique to one deal: the key between the neighbours followed by the id's
 * body (ULID characters are base-62 digits) and a closing `V` (a fractional key must not end in
 * 0). The result stays strictly between the neighbours: the key before the suffix is below
 * `below` at a character it does not share with it, so no suffix can carry it past.
 */
export function rankBetweenFor(dealId: string, above: string | null, below: string | null): string {
  let key = rankBetween(above, below);
  const upper = above !== null && below !== null && above >= below ? null : below;
  // A key that is a prefix of the upper neighbour could pass it once extended: take a longer one.
  while (upper !== null && upper.startsWith(key)) key = generateKeyBetween(key, upper);
  return `${key}${idSuffix(dealId)}`;
}

const idSuffix = (dealId: string) => `${dealId.slice(dealId.indexOf("_") + 1)}V`;

/** `n` evenly spread ascending keys, for bulk loads (seed, benchmark). */
export function rankSequence(n: number): string[] {
  return generateNKeysBetween(null, null, n);
}

/** Compare two ranks the way PostgreSQL's `collate "C"` does. */
export const compareRank = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Keys for `ids.length` new cards stacked on top of a column whose top card has the key `top`
 * (null: an empty column), the last id topmost, as if each were created on top in turn. Each key
 * is a whole "integer" key (whose length is fixed by its first character, so none is a prefix of
 * another) below `top`'s integer part, followed by its id's suffix. Placing cards on top one by
 * one grows each new key by a character or so; a bulk import of thousands into one column would
 * make keys thousands of characters long.
 */
export function ranksAbove(top: string | null, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const below = top === null ? null : generateKeyBetween(null, generateKeyBetween(null, top));
  const keys = generateNKeysBetween(null, below, ids.length);
  return ids.map((id, i) => `${keys[ids.length - 1 - i]}${idSuffix(id)}`);
}
