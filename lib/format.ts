/**
 * Money and date formatting with Intl, cached per locale/currency (constructing formatters is
 * the expensive part). JPY and other zero-decimal currencies get no decimals automatically.
 */
const moneyFormatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number | null | undefined, currency: string, locale = "en-US", compact = false): string {
  if (amount === null || amount === undefined) return "—";
  const key = `${locale}|${currency}|${compact}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      ...(compact ? { notation: "compact", maximumFractionDigits: 1 } : {}),
    });
    moneyFormatters.set(key, f);
  }
  return f.format(amount);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** A `YYYY-MM-DD` date, shown in the user's locale without a timezone shift. */
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

/** Today as YYYY-MM-DD in local time. */
export function todayIso(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

const relative = new Map<string, Intl.RelativeTimeFormat>();

export function formatRelative(value: string | Date, now = new Date(), locale = "en-US"): string {
  let f = relative.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    relative.set(locale, f);
  }
  const diff = (new Date(value).getTime() - now.getTime()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return f.format(Math.round(diff), "second");
  if (abs < 45 * 60) return f.format(Math.round(diff / 60), "minute");
  if (abs < 22 * 3600) return f.format(Math.round(diff / 3600), "hour");
  if (abs < 26 * 86400) return f.format(Math.round(diff / 86400), "day");
  if (abs < 320 * 86400) return f.format(Math.round(diff / (30 * 86400)), "month");
  return f.format(Math.round(diff / (365 * 86400)), "year");
}
