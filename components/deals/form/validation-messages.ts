import type { z } from "zod";
import type { Translate } from "@/lib/deals/fields";

/**
 * A zod issue in the page's language. The API's schemas (lib/deals/schema.ts) stay the single
 * source of the rules and keep their English messages for API clients; forms read the issue's
 * code and limits instead and take the words from the catalogs (`form.validation.*`).
 */
export function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  const field = String(issue.path[0] ?? "");
  const key = (issue as { params?: { messageKey?: string } }).params?.messageKey;
  if (key) return t(`form.validation.${key}`);
  switch (issue.code) {
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") return min <= 1 ? t(field === "name" ? "form.validation.nameRequired" : "form.validation.required") : t("form.validation.tooShort", { min });
      if (issue.origin === "array" || issue.origin === "set") return t("form.validation.tooFewItems", { min });
      return t("form.validation.tooSmall", { min });
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") return t("form.validation.tooLong", { max });
      if (issue.origin === "array" || issue.origin === "set") return t("form.validation.tooManyItems", { max });
      return t("form.validation.tooBig", { max });
    }
    case "invalid_type":
      if (issue.expected === "number" || issue.expected === "int") return t("form.validation.notNumber");
      if ((issue as { input?: unknown }).input === undefined || (issue as { input?: unknown }).input === null) return t("form.validation.required");
      return t("form.validation.invalid");
    case "invalid_format":
      return field.endsWith("_date") || field.endsWith("_at") ? t("form.validation.invalidDate") : t("form.validation.invalid");
    case "invalid_value":
      return t("form.validation.invalidChoice");
    case "not_multiple_of":
      return field === "amount" ? t("form.validation.amountDecimals") : t("form.validation.notInteger");
    case "custom":
      if (field === "currency") return t("form.validation.invalidCurrency");
      if (field === "amount") return t("form.validation.amountDecimals");
      if (field.endsWith("_date")) return t("form.validation.invalidDate");
      return t("form.validation.invalid");
    default:
      return t("form.validation.invalid");
  }
}
