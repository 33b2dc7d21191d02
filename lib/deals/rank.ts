import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

/**
 * Positions within a board column are fractional-index strings (base 62, compared bytewise:
 * the column is `collate "C"`). A move computes one key between its new neighbours, so only
 * the moved row is written; clients never renumber rows.
 */

/** A key strictly between `above` and `below` (null = open end). Order-tolerant for stale neighbours. */
export function rankBetween(above: string | null, below: string | null): string {
  if (above !== null && below !== null && above >= below) {
    // Neighbours out of order (e.g. read from a stale board): fall back to directly after `above`.
    return generateKeyBetween(above, null);
  }
  return generateKeyBetween(above, below);
}

/** `n` evenly spread ascending keys, for bulk loads (seed, benchmark). */
export function rankSequence(n: number): string[] {
  return generateNKeysBetween(null, null, n);
}

/** Compare two ranks the way PostgreSQL's `collate "C"` does. */
export const compareRank = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
