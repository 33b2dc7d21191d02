import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "./errors";
import { hasForbiddenCharacter } from "./input-text";

/**
 * Opaque keyset cursors: base64url of a small JSON document holding the last row's sort value
 * and id (the keyset position), the offset the next page starts at (so responses can still say
 * where they are), and a fingerprint of the sort and filters the cursor was made for. A cursor
 * replayed with a different sort or different filters would silently skip or repeat rows, so it
 * is refused with 400 `invalid_cursor` instead.
 */

export interface CursorPosition {
  /** The last row's sort value, as PostgreSQL prints it (`expr::text`), so no precision is lost. */
  value: string;
  /** The last row's id: the tie-breaker. */
  id: string;
  /** The offset of the first row of the page this cursor points to. */
  offset: number;
}

const payloadSchema = z.strictObject({
  v: z.string().max(2000),
  i: z.string().min(1).max(100),
  o: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  f: z.string().min(1).max(64),
});

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** A short, stable hash of a JSON-like value (used for the sort/filter fingerprint). */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("base64url").slice(0, 22);
}

export function encodeCursor(position: CursorPosition, fingerprintOf: string): string {
  const payload = { v: position.value, i: position.id, o: position.offset, f: fingerprintOf };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

export const invalidCursor = (message: string) =>
  new AppError(400, "invalid_cursor", message, {
    errors: [{ field: "query.cursor", code: "invalid_cursor", message }],
  });

/**
 * Decodes a cursor made by `encodeCursor` for the same fingerprint; anything else (garbage,
 * tampering, another sort or filter set) is 400 `invalid_cursor`. `validValue` checks the sort
 * value's shape before it reaches SQL.
 */
export function decodeCursor(cursor: string, expectedFingerprint: string, validValue: (value: string) => boolean = () => true): CursorPosition {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor("The cursor is malformed. Use next_cursor from a previous response as is.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor("The cursor is malformed. Use next_cursor from a previous response as is.");
  }
  const result = payloadSchema.safeParse(parsed);
  // A cursor is decoded client input: its text meets the same rules as any other (lib/api/input-text.ts).
  if (!result.success || hasForbiddenCharacter(result.data.v) || hasForbiddenCharacter(result.data.i) || !validValue(result.data.v)) {
    throw invalidCursor("The cursor is malformed. Use next_cursor from a previous response as is.");
  }
  if (result.data.f !== expectedFingerprint) {
    throw invalidCursor("The cursor was made for a different sort or different filters. Start again without a cursor.");
  }
  return { value: result.data.v, id: result.data.i, offset: result.data.o };
}
