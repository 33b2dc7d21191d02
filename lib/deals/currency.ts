/**
 * Deal currencies in one place: the ISO 4217 codes a deal may be in (the API's validation), the
 * short list every currency picker offers, and the currency of a deal created without one.
 * Pure, and small enough for the board's bundle (its quick add offers the same list).
 */

/** The currency of a deal created without one. */
export const DEFAULT_CURRENCY = "JPY";

/** What the pickers offer, the default first. A deal in another valid currency shows its own too. */
export const CURRENCY_CHOICES = ["JPY", "USD", "EUR", "GBP", "CNY", "KRW", "TWD", "HKD", "SGD", "THB", "AUD", "CAD", "CHF", "INR"] as const;

/** Every ISO 4217 code this runtime's Intl knows (where it cannot list them, the pickers' list). */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : CURRENCY_CHOICES,
);

/**
 * A picker's options: the choices, plus `current` when it is another currency (a deal's own is
 * always offered). Given a `locale`, each label adds the currency's name in that language
 * ("JPY · Japanese Yen"); without, the labels are the codes.
 */
export function currencyOptions(current?: string | null, locale?: string): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  if (locale) {
    try {
      names = new Intl.DisplayNames([locale], { type: "currency" });
    } catch {
      names = null;
    }
  }
  const codes: string[] = [...CURRENCY_CHOICES];
  if (current && !codes.includes(current)) codes.push(current);
  return codes.map((code) => ({ value: code, label: names ? `${code} · ${names.of(code) ?? code}` : code }));
}
