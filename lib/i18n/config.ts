/**
 * The languages the UI speaks, and how a request's language is chosen. Shared by the server
 * (request config, mail, API titles) and the browser, so it holds no server-only code.
 */
export const LOCALES = ["en", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/** The BCP 47 tag `Intl` formats a language's dates and money with. */
export const INTL_LOCALE: Record<Locale, string> = { en: "en-US", ja: "ja-JP" };

/** Each language's name in itself, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", ja: "日本語" };

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4): the ranges in
 * order of their quality, each matched by its primary subtag ("ja-JP" → ja, "en-GB" → en); a
 * range with q=0 is refused; `*` takes the default. Null when nothing matches.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === "*") return DEFAULT_LOCALE;
    const primary = range.tag.split("-")[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

/** The language of a request: the person's own setting, else their browser's, else English. */
export function chooseLocale(preference: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(preference)) return preference;
  return negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}
