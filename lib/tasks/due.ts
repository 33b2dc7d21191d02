import { formatDate, todayIso } from "@/lib/format";

/**
 * A task's due as people see it, shared by the timeline, the board card and the Today page. The
 * wire's `due_at` is a day (`YYYY-MM-DD`: due any time that day) or an instant; an instant counts
 * on the viewer's local day, and is overdue once it has passed.
 */

export type DueState = "overdue" | "today" | "upcoming";

export const isDayOnly = (dueAt: string): boolean => dueAt.length === 10;

/** The local calendar day (`YYYY-MM-DD`) a due falls on. */
export function dueDay(dueAt: string): string {
  return isDayOnly(dueAt) ? dueAt : todayIso(new Date(dueAt));
}

/** Overdue (its day or moment has passed), due today, or later. */
export function dueState(dueAt: string, now: Date): DueState {
  const today = todayIso(now);
  const day = dueDay(dueAt);
  if (day < today || (!isDayOnly(dueAt) && new Date(dueAt).getTime() < now.getTime())) return "overdue";
  return day === today ? "today" : "upcoming";
}

/** "Jan 10, 2027" for a day; "Jan 10, 2027, 9:00 AM" (local) for a moment. */
export function formatDue(dueAt: string, locale: string): string {
  if (isDayOnly(dueAt)) return formatDate(dueAt, locale);
  return new Date(dueAt).toLocaleString(locale, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

/** A short form for a card: "Jan 10" (or "Jan 10, 9:00 AM"). */
export function formatDueShort(dueAt: string, locale: string): string {
  if (isDayOnly(dueAt)) return formatDate(dueAt, locale, { month: "short", day: "numeric" });
  return new Date(dueAt).toLocaleString(locale, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

/** A local day plus an optional local time (`HH:MM`) as the wire's `due_at`. */
export function dueAtFrom(day: string, time: string | null | undefined): string {
  if (!time) return day;
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(y, m - 1, d, hh, mm).toISOString();
}

/** The local time (`HH:MM`) of a due with a moment, else "". */
export function dueTime(dueAt: string | null): string {
  if (!dueAt || isDayOnly(dueAt)) return "";
  const d = new Date(dueAt);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** `YYYY-MM-DD` `days` after the local day `day`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return todayIso(new Date(y, m - 1, d + days));
}
