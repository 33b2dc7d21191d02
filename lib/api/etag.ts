import { AppError } from "./errors";

/**
 * Optimistic concurrency on the wire: a record's `version` is its ETag, and writes accept the
 * version the client read as `If-Match` or as a `version` body field.
 */
export const etag = (version: number): string => `"${version}"`;

/** The version a write expects: `version` from the body wins, else `If-Match` (`"3"`, `W/"3"`, `3`; `*` = any). */
export function expectedVersion(req: Request, bodyVersion?: number): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = req.headers.get("if-match");
  if (header === null || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match || Number(match[1]) < 1) {
    throw new AppError(400, "invalid_if_match", 'If-Match must be the ETag you read, e.g. "3".', {
      errors: [{ field: "headers.if-match", code: "invalid_format", message: 'Use the ETag value, e.g. "3".' }],
    });
  }
  return Number(match[1]);
}

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
