/**
 * Money, dates and relative times with `Intl`, in the page's language (its Intl tag: "ja-JP",
 * "en-US"; see INTL_LOCALE and components/ui/use-locale.ts). Formatters are cached per locale and
 * options: constructing them is the expensive part.
 *
 * Money shows what `Intl` gives for the language and currency (ja-JP writes yen as ￥8,250,000,
 * en-US as ¥8,250,000; JPY has no minor unit), and no cents when an amount is whole ($5,000, not
 * $5,000.00): cards and totals hold whole amounts almost always, and ".00" on every one is noise.
 */
const moneyFormatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(locale: string, currency: string, compact: boolean, whole: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${compact}|${whole}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions = { style: "currency", currency };
    if (compact) {
      // 8,250,000 → "￥825万" in Japanese (万/億), "¥8.25M" in English; three digits say enough
      // at a glance ("￥9540万", not "￥9537.5万"), the full amount is in the title.
      options.notation = "compact";
      options.maximumSignificantDigits = 3;
    } else if (whole) {
      options.minimumFractionDigits = 0;
      options.maximumFractionDigits = 0;
    }
    f = new Intl.NumberFormat(locale, options);
    moneyFormatters.set(key, f);
  }
  return f;
}

/**
 * An amount in its currency for a language: `formatMoney(8250000, "JPY", "ja-JP")` → "￥8,250,000".
 * `compact` gives column totals and chart axes their short form: "￥825万", "￥1.91億", "$8.25M".
 */
export function formatMoney(amount: number | null | undefined, currency: string, locale = "en-US", compact = false): string {
  if (amount === null || amount === undefined) return "—";
  // Below ten thousand the short form saves nothing (and Japanese would drop the grouping: "$5000").
  const short = compact && Math.abs(amount) >= 10_000;
  return moneyFormatter(locale, currency, short, Number.isInteger(amount)).format(amount);
}

/** The short form of a total: `formatMoney(..., compact = true)`. */
export const formatCompactMoney = (amount: number | null | undefined, currency: string, locale = "en-US"): string => formatMoney(amount, currency, locale, true);

const numberFormatters = new Map<string, Intl.NumberFormat>();

/** A count in the language's digits grouping ("1,234"). */
export function formatCount(value: number, locale = "en-US"): string {
  let f = numberFormatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    numberFormatters.set(locale, f);
  }
  return f.format(value);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A `YYYY-MM-DD` date (or a timestamp, shown as its UTC day) in the language's own form:
 * "2027年1月15日" in Japanese, "Jan 15, 2027" in English; without a timezone shift.
 */
export function formatDate(value: string | null | undefined, locale = "en-US", options: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric" }): string {
  if (!value) return "—";
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    dateFormatters.set(key, f);
  }
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? value : f.format(d);
}

/** Month and day ("1月15日", "Jan 15") for dates in the current year; with the year otherwise. */
export function formatShortDate(value: string | null | undefined, locale = "en-US", today?: string | null): string {
  const sameYear = Boolean(value && today && value.slice(0, 4) === today.slice(0, 4));
  return formatDate(value, locale, sameYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" });
}

/** Today as YYYY-MM-DD in local time. */
export function todayIso(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

const relative = new Map<string, Intl.RelativeTimeFormat>();

/**
 * How long ago (or ahead) `value` is from `now`, in the language: "5 minutes ago", "5 分前",
 * "yesterday", "昨日". Pass a ticking `now` (components/ui/use-now.ts) so the text keeps up while
 * the page stays open. A moment a little ahead of `now` (a clock a few seconds apart from the
 * server's, a just-saved change) reads as "now", never "in 16 seconds".
 */
export function formatRelative(value: string | Date | number, now: Date | number = new Date(), locale = "en-US"): string {
  let f = relative.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relative.set(locale, f);
  }
  const diff = (new Date(value).getTime() - new Date(now).getTime()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45 || (diff > 0 && diff < 120)) return f.format(0, "second");
  if (abs < 45 * 60) return f.format(Math.round(diff / 60), "minute");
  if (abs < 22 * 3600) return f.format(Math.round(diff / 3600), "hour");
  if (abs < 26 * 86400) return f.format(Math.round(diff / 86400), "day");
  if (abs < 320 * 86400) return f.format(Math.round(diff / (30 * 86400)), "month");
  return f.format(Math.round(diff / (365 * 86400)), "year");
}
