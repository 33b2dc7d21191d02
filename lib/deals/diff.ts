/**
 * Changed-field helpers for edits: a PATCH sends only what the user changed (plus the version
 * they read), and a 409 conflict is explained field by field — theirs against yours.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality for JSON-like values; `null` and `undefined` count as the same "empty". */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => valuesEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!valuesEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/**
 * The entries of `next` whose value differs from `before` (keys absent from `next` are not
 * considered: the form only holds the fields it edits).
 */
export function changedFields<T extends Record<string, unknown>>(before: Record<string, unknown>, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!valuesEqual(before[key as string], next[key])) out[key] = next[key];
  }
  return out;
}

/**
 * The deal an in-place edit is sent against. An editor keeps the deal it opened on, so that a
 * change made meanwhile by someone else to the same field is a 409, not silently overwritten.
 * When the deal has moved on since (a newer `latest`, e.g. the user's own save of another field
 * that answered while this editor was open) and none of the fields being saved changed in
 * between, the edit is based on `latest`: it conflicts with nothing, so it must not be refused.
 */
export function rebaseEdit<D extends { version: number }>(base: D, latest: D, changes: Record<string, unknown>): D {
  if (latest.version <= base.version) return base;
  const fields = Object.keys(changes);
  const untouched = fields.every((f) => valuesEqual((base as Record<string, unknown>)[f], (latest as Record<string, unknown>)[f]));
  return untouched ? latest : base;
}

interface FieldConflict {
  field: string;
  /** The value when the editor loaded the record. */
  base: unknown;
  /** The value now on the server. */
  theirs: unknown;
  /** The value this editor wants to write. */
  yours: unknown;
  /** True when someone else changed this same field meanwhile (a real clash, not just a stale version). */
  clash: boolean;
}

export interface ConflictSummary {
  /** Every field this editor changed, with the server's current value beside it. */
  mine: FieldConflict[];
  /** Fields someone else changed that this editor did not touch (kept when re-applying). */
  theirsOnly: { field: string; base: unknown; theirs: unknown }[];
}

/**
 * Explains a 409: which of my changes collide with someone else's, and what else they changed.
 * `fields` limits the comparison of "their" changes to user-editable fields (not version,
 * updated_at and other server stamps).
 */
export function summarizeConflict<T extends object>(base: T, theirs: T, mine: Partial<T>, fields: readonly string[]): ConflictSummary {
  const at = (record: object, field: string): unknown => (record as Record<string, unknown>)[field];
  const mineList: FieldConflict[] = Object.keys(mine).map((field) => ({
    field,
    base: at(base, field),
    theirs: at(theirs, field),
    yours: at(mine, field),
    clash: !valuesEqual(at(base, field), at(theirs, field)) && !valuesEqual(at(theirs, field), at(mine, field)),
  }));
  const theirsOnly = fields
    .filter((f) => !(f in mine) && !valuesEqual(at(base, f), at(theirs, f)))
    .map((field) => ({ field, base: at(base, field), theirs: at(theirs, field) }));
  return { mine: mineList, theirsOnly };
}
