import { z } from "zod";
import { AppError, type FieldError } from "./errors";

/** Fields the server stamps; a client sending one gets `read_only_field`, not `unknown_field`. */
const SERVER_MANAGED_FIELDS = new Set([
  "id",
  "tenant_id",
  "app_id",
  "deal_number",
  "version",
  "audit_log",
  "created_at",
  "created_by",
  "updated_at",
  "updated_by",
  "deleted_at",
  "deleted_by",
  "is_deleted",
  "schema_version",
  "company_name",
  "contact_name",
  "assigned_member_name",
  "deal_count",
]);

/** Fields a client sets only when creating the record; a later write naming one gets `read_only_field`. */
export const CREATE_ONLY_FIELDS: Record<string, string> = {
  source: "source records where the deal was created; it is set only on create.",
};

const joinPath = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Flattens a ZodError into per-field errors with stable codes. */
function fieldErrorsFromZod(error: z.ZodError, location?: "query" | "params"): FieldError[] {
  const errors: FieldError[] = [];
  const prefix = location ? `${location}.` : "";
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = prefix + joinPath([...issue.path, key]);
        const topLevel = issue.path.length === 0;
        errors.push(
          topLevel && SERVER_MANAGED_FIELDS.has(key)
            ? { field, code: "read_only_field", message: `${key} is set by the server and cannot be written.` }
            : topLevel && Object.hasOwn(CREATE_ONLY_FIELDS, key)
              ? { field, code: "read_only_field", message: CREATE_ONLY_FIELDS[key] }
              : { field, code: "unknown_field", message: `${key} is not a known field.` },
        );
      }
      continue;
    }
    const field = prefix + (joinPath(issue.path) || "(root)");
    errors.push({ field, code: issueCode(issue), message: issue.message });
  }
  return errors;
}

function issueCode(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "required" : "invalid_type";
    case "too_big":
      return "too_big";
    case "too_small":
      return "too_small";
    case "invalid_format":
      return "invalid_format";
    case "invalid_value":
      return "invalid_value";
    case "custom":
      return typeof issue.params?.code === "string" ? issue.params.code : "invalid";
    case "invalid_key":
      // A record key that failed its own schema: the key's issue says why.
      return issue.issues[0] ? issueCode(issue.issues[0] as z.core.$ZodIssue) : "invalid";
    default:
      return "invalid";
  }
}

/** The error for a failed parse: read-only and unknown fields get their own top-level codes. */
export function validationError(error: z.ZodError, location?: "query" | "params"): AppError {
  const errors = fieldErrorsFromZod(error, location);
  const code = errors.some((e) => e.code === "read_only_field")
    ? "read_only_field"
    : errors.some((e) => e.code === "unknown_field")
      ? "unknown_field"
      : "validation_failed";
  const detail =
    errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid: ${errors.map((e) => e.field).join(", ")}.`;
  return new AppError(400, code, detail, { errors });
}

/**
 * A query parameter that takes one value. Given twice (`?limit=1&limit=2`) it is 400
 * `duplicate_parameter`: which one a server honours differs between servers and proxies (HTTP
 * parameter pollution), so the API does not pick one.
 */
export const singleQueryValue = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    if (!Array.isArray(value)) return value;
    ctx.addIssue({ code: "custom", message: "Give this parameter once.", params: { code: "duplicate_parameter" }, input: value });
    return z.NEVER;
  }, schema);
