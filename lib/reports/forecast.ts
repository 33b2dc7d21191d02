import type { PipelineReport } from "./schema";

export interface ForecastPoint {
  /** `overdue` or `YYYY-MM`. */
  key: string;
  label: string;
  weighted: number;
  amount: number;
  count: number;
}

const monthLabel = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" });

function addMonths(yyyyMm: string, n: number): string {
  const [y, m] = yyyyMm.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * One currency's forecast as chart points: "Overdue" (expected close before this month) when
 * there is any, then every month from the current one to the last with deals — at least
 * `minMonths`, with empty months kept so the time axis is honest. Undated deals are counted apart.
 */
export function forecastSeries(
  forecast: PipelineReport["forecast"],
  currency: string,
  asOf: string,
  minMonths = 6,
): { points: ForecastPoint[]; undated: number } {
  const rows = forecast.filter((f) => f.currency === currency);
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  const current = asOf.slice(0, 7);
  const months = rows.map((r) => r.bucket).filter((b) => /^\d{4}-\d{2}$/.test(b)).sort();
  const last = months.length && months[months.length - 1] > addMonths(current, minMonths - 1) ? months[months.length - 1] : addMonths(current, minMonths - 1);

  const points: ForecastPoint[] = [];
  const overdue = byBucket.get("overdue");
  if (overdue) points.push({ key: "overdue", label: "Overdue", weighted: overdue.weighted, amount: overdue.amount, count: overdue.count });
  for (let month = current; month <= last; month = addMonths(month, 1)) {
    const row = byBucket.get(month);
    const date = new Date(`${month}-01T00:00:00Z`);
    const label = month.endsWith("-01") || month === current ? `${monthLabel.format(date)} ${month.slice(0, 4)}` : monthLabel.format(date);
    points.push({ key: month, label, weighted: row?.weighted ?? 0, amount: row?.amount ?? 0, count: row?.count ?? 0 });
  }
  return { points, undated: byBucket.get("undated")?.count ?? 0 };
}
