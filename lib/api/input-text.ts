import "server-only";
import type { FieldError } from "./errors";

/**
 * Text no field of the API accepts, checked once at the boundary (lib/api/handler.ts) on every
 * parsed body, query and path parameter, keys included, so an endpoint cannot forget it:
 * - NUL: PostgreSQL cannot store it in text or jsonb;
 * - the other C0 control characters except tab, line feed and carriage return, DEL and the C1
 *   controls: no person types them, and they corrupt terminals, logs and CSV exports;
 * - unpaired UTF-16 surrogates: not Unicode text at all (PostgreSQL refuses them in jsonb, and
 *   UTF-8 cannot carry them).
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const INVALID_CHARACTERS_MESSAGE =
  "Contains a character that is not allowed: NUL, a control character other than tab or line break, or an unpaired UTF-16 surrogate.";

/** True when `text` holds a character no field accepts. */
export const hasForbiddenCharacter = (text: string): boolean => FORBIDDEN_CHARACTER.test(text);

/**
 * Keys that plain-object parsing would turn into a prototype change instead of a field: a
 * `__proto__` key in JSON is dropped without a trace by every object and record schema.
 */
const RESERVED_KEYS = new Set(["__proto__"]);

const MAX_REPORTED = 20;

/**
 * Every string and key in a parsed JSON value (or query/params object) that no field accepts, as
 * field errors with dotted paths under `prefix` (`query.`, `params.` or none for a body). Walks
 * iteratively; a body is at most 1 MB and 32 levels deep (checked before).
 */
export function forbiddenTextErrors(value: unknown, prefix = ""): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, ""]];
  while (stack.length && errors.length < MAX_REPORTED) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (FORBIDDEN_CHARACTER.test(v)) errors.push({ field: prefix + (path || "(root)"), code: "invalid_characters", message: INVALID_CHARACTERS_MESSAGE });
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const field = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) {
        errors.push({ field: prefix + field, code: "reserved_key", message: `${key} cannot be used as a key.` });
        continue;
      }
      if (FORBIDDEN_CHARACTER.test(key)) {
        errors.push({ field: prefix + field, code: "invalid_characters", message: `The key: ${INVALID_CHARACTERS_MESSAGE}` });
        continue;
      }
      stack.push([(v as Record<string, unknown>)[key], field]);
    }
  }
  return errors;
}
