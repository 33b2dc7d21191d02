import type { ProblemFieldError } from "@/lib/api-client";

/**
 * Splits a problem's per-field `errors` into those a form can show next to one of its fields
 * (`contact_ids.2` belongs to `contact_ids`, `custom_fields.region` to `custom_fields`) and
 * the rest, which the form shows above its buttons.
 */
export function mapServerErrors<F extends string>(
  errors: readonly ProblemFieldError[],
  fields: readonly F[],
): { byField: Partial<Record<F, string>>; other: string[] } {
  const known = new Set<string>(fields);
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const e of errors) {
    const root = (e.field ?? "").split(/[.[/]/)[0];
    if (known.has(root)) {
      const key = root as F;
      byField[key] = byField[key] ? `${byField[key]} ${e.message}` : e.message;
    } else {
      other.push(e.field ? `${e.field}: ${e.message}` : e.message);
    }
  }
  return { byField, other };
}
