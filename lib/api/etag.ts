import "server-only";
import type { ErrorCode } from "./error-codes";
import { AppError } from "./errors";

/**
 * Optimistic concurrency on the wire: a record's `version` is its ETag, and writes accept the
 * version the client read as `If-Match` or as a `version` body field.
 */
export const etag = (version: number): string => `"${version}"`;

/** One entity-tag (RFC 9110 §8.8.3): optional `W/`, then an opaque tag in double quotes. */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;
/** Tags longer than this were never issued here (ours are a quoted integer). */
const MAX_TAG = 64;

const headerError = (status: number, code: ErrorCode, header: string, message: string, detail = message) =>
  new AppError(status, code, detail, { errors: [{ field: `headers.${header}`, code: status === 412 ? "precondition_failed" : "invalid_format", message }] });

/**
 * The version a write expects: `version` from the body wins, else `If-Match`, compared strongly
 * (RFC 9110 §13.1.1): `"3"` expects version 3 and `*` any version. A weak tag (`W/"3"`) never
 * matches under strong comparison: 412 `precondition_failed`, nothing written. Anything that is
 * not one strong tag this API could have issued (`3` unquoted, `"abc"`, a list) is 400
 * `invalid_if_match`.
 */
export function expectedVersion(req: Request, bodyVersion?: number): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = req.headers.get("if-match");
  if (header === null) return undefined;
  const value = header.trim();
  if (value === "*") return undefined;
  const tag = value.length <= MAX_TAG ? ENTITY_TAG.exec(value) : null;
  if (tag?.[1]) {
    throw headerError(
      412,
      "precondition_failed",
      "if-match",
      "If-Match uses strong comparison: a weak ETag (W/\"…\") never matches. Send the ETag as the API gave it, e.g. \"3\".",
    );
  }
  const version = tag && /^\d{1,9}$/.test(tag[2]) ? Number(tag[2]) : 0;
  if (version < 1) throw headerError(400, "invalid_if_match", "if-match", 'Use the ETag value as given, in double quotes, e.g. "3".', 'If-Match must be the ETag you read, e.g. "3".');
  return version;
}

/**
 * A conditional GET (RFC 9110 §13.1.2): when `If-None-Match` is `*` or lists the record's ETag
 * (weak comparison, so `W/"3"` matches `"3"`), 304 with the ETag and no content; null otherwise.
 * A header that is not a list of entity-tags is 400 `invalid_if_none_match`.
 */
export function notModified(req: Request, version: number): Response | null {
  const header = req.headers.get("if-none-match");
  if (header === null) return null;
  const current = etag(version);
  const value = header.trim();
  if (value === "*") return notModifiedResponse(current);
  let matched = false;
  for (const item of value.split(",")) {
    const tag = item.trim();
    const parsed = tag.length <= MAX_TAG ? ENTITY_TAG.exec(tag) : null;
    if (!parsed) {
      throw headerError(400, "invalid_if_none_match", "if-none-match", 'Send ETags as given, in double quotes, e.g. "3" or W/"3", comma-separated.', "If-None-Match must be a list of ETags, e.g. \"3\".");
    }
    if (`"${parsed[2]}"` === current) matched = true;
  }
  return matched ? notModifiedResponse(current) : null;
}

const notModifiedResponse = (tag: string) => new Response(null, { status: 304, headers: { etag: tag } });

/**
 * 409 with the record as it is now, so the client can merge and retry. The record goes in the
 * problem's `current` field, or under `as` (deals use `deal`, matching their success envelope).
 */
export function versionConflict(kind: string, current: { version: number }, expected: number, as = "current"): AppError {
  return new AppError(
    409,
    "version_conflict",
    `The ${kind} was changed by someone else (you sent version ${expected}, it is now at ${current.version}). Reload it and apply your change again.`,
    { [as]: current },
    { etag: etag(current.version) },
  );
}
