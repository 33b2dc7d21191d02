import type { ProblemFieldError } from "@/lib/api-client";
import { fieldLabel, type Translate } from "@/lib/deals/fields";

/**
 * A refused save's field error in the page's language where its `code` has words in the catalogs
 * (`form.serverErrors.<code>`); otherwise the API's own message (English: the `code` is the contract).
 */
export function serverErrorMessage(error: ProblemFieldError, t: Translate, locale: string): string {
  const root = (error.field ?? "").split(/[.[/]/)[0];
  if (error.code === "invalid_reference" && root) {
    return t("form.serverErrors.invalid_reference", { field: fieldLabel(root, t).toLocaleLowerCase(locale) });
  }
  return error.message;
}

/**
 * Splits a problem's per-field `errors` into those a form can show next to one of its fields
 * (`contact_ids.2` belongs to `contact_ids`, `custom_fields.region` to `custom_fields`) and
 * the rest, which the form shows above its buttons.
 */
export function mapServerErrors<F extends string>(
  errors: readonly ProblemFieldError[],
  fields: readonly F[],
  message: (error: ProblemFieldError) => string = (e) => e.message,
): { byField: Partial<Record<F, string>>; other: string[] } {
  const known = new Set<string>(fields);
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  for (const e of errors) {
    const root = (e.field ?? "").split(/[.[/]/)[0];
    if (known.has(root)) {
      const key = root as F;
      byField[key] = byField[key] ? `${byField[key]} ${message(e)}` : message(e);
    } else {
      other.push(e.field ? `${e.field}: ${message(e)}` : message(e));
    }
  }
  return { byField, other };
}
