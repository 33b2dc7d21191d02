"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLocale } from "@/components/ui/use-locale";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { formatMoney } from "@/lib/format";
import { type ForecastPoint, forecastSeries } from "@/lib/reports/forecast";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";

const ACCENT = "#4f46e5";
const LOST_RED = "#dc2626";
const TOTAL_GREY = "#e2e8f0";

const OVERDUE = "overdue";

function ForecastTooltip({ active, payload, currency, locale }: { active?: boolean; payload?: Array<{ payload: ForecastPoint }>; currency: string; locale: string }) {
  const t = useTranslations("pipeline.forecast");
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="rounded-md border border-slate-200 bg-surface px-3 py-2 text-xs shadow-md">
      <div className="font-medium">{p.key === OVERDUE ? t("overdueTooltip") : p.label}</div>
      <div className="mt-1 tabular">
        {t("weighted")} <span className="font-semibold">{formatMoney(p.weighted, currency, locale)}</span>
      </div>
      <div className="tabular text-muted">
        {t("total")} {formatMoney(p.amount, currency, locale)} · {t("deals", { count: p.count })}
      </div>
    </div>
  );
}

/** The chart's labels in the page's language: "Overdue", then months ("Jan 2027", "Feb"; "2027年1月", "2月"). */
function localizeLabels(points: ForecastPoint[], locale: string, overdue: string): ForecastPoint[] {
  const month = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const monthYear = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const firstMonth = points.find((p) => p.key !== OVERDUE)?.key;
  return points.map((p) => {
    if (p.key === OVERDUE) return { ...p, label: overdue };
    const date = new Date(`${p.key}-01T00:00:00Z`);
    return { ...p, label: p.key === firstMonth || p.key.endsWith("-01") ? monthYear.format(date) : month.format(date) };
  });
}

/**
 * Weighted open pipeline by expected close month, one currency at a time (amounts in different
 * currencies are never stacked or summed). Pale bars behind show the unweighted total.
 */
export function ForecastChart({ report }: { report: PipelineReport }) {
  const t = useTranslations("pipeline.forecast");
  const locale = useLocale();
  const currencies = report.currencies.filter((c) => report.forecast.some((f) => f.currency === c));
  const [currency, setCurrency] = useState(currencies[0] ?? report.currencies[0] ?? DEFAULT_CURRENCY);
  const overdueLabel = t("overdue");
  const { points, undated } = useMemo(() => {
    const series = forecastSeries(report.forecast, currency, report.as_of);
    return { ...series, points: localizeLabels(series.points, locale, overdueLabel) };
  }, [report, currency, locale, overdueLabel]);
  const hasData = points.some((p) => p.amount > 0 || p.count > 0);

  return (
    <section aria-labelledby="forecast-heading" className="min-w-0 rounded-lg border border-slate-200 bg-surface">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="forecast-heading" className="text-sm font-semibold">
            {t("heading")}
          </h2>
          <p className="text-xs text-muted">
            {t("subtitle")}
            {undated > 0 && ` · ${t("undated", { count: undated })}`}
          </p>
        </div>
        {currencies.length > 1 && (
          <div role="group" aria-label={t("currency")} className="ml-auto flex flex-wrap rounded-md border border-slate-200 p-0.5">
            {currencies.map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={c === currency}
                onClick={() => setCurrency(c)}
                className={cn(
                  "min-h-[44px] rounded px-3 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 sm:min-h-0 sm:px-2.5",
                  c === currency && "bg-accent-soft text-accent hover:bg-accent-soft",
                )}
              >
                {c}
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="px-2 pt-4 pb-2">
        {hasData ? (
          <figure>
            <div className="h-64 w-full" data-testid="forecast-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={points} margin={{ top: 4, right: 12, bottom: 0, left: 8 }} barGap={-28} barCategoryGap="22%">
                  <CartesianGrid vertical={false} stroke="#f1f5f9" />
                  <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: TOTAL_GREY }} tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={6} />
                  <YAxis
                    tickLine={false}
                    axisLine={false}
                    width={72}
                    tick={{ fontSize: 11, fill: "#64748b" }}
                    tickFormatter={(v: number) => formatMoney(v, currency, locale, true)}
                  />
                  <Tooltip cursor={{ fill: "#f8fafc" }} content={<ForecastTooltip currency={currency} locale={locale} />} />
                  <Bar dataKey="amount" name={t("total")} fill={TOTAL_GREY} barSize={28} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  <Bar dataKey="weighted" name={t("weighted")} barSize={28} radius={[3, 3, 0, 0]} isAnimationActive={false}>
                    {points.map((p) => (
                      <Cell key={p.key} fill={p.key === OVERDUE ? LOST_RED : ACCENT} />
                    ))}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption className="flex flex-wrap items-center gap-4 px-2 pt-2 text-xs text-muted">
              <span className="flex items-center gap-1.5">
                <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: ACCENT }} /> {t("weighted")}
              </span>
              <span className="flex items-center gap-1.5">
                <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: TOTAL_GREY }} /> {t("total")}
              </span>
              {points[0]?.key === OVERDUE && (
                <span className="flex items-center gap-1.5">
                  <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: LOST_RED }} /> {t("overdueLegend")}
                </span>
              )}
            </figcaption>
            {/* The same numbers as a table, for screen readers. */}
            <table className="sr-only">
              <caption>{t("caption", { currency })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("month")}</th>
                  <th scope="col">{t("weighted")}</th>
                  <th scope="col">{t("total")}</th>
                  <th scope="col">{t("dealsColumn")}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.label}</th>
                    <td>{formatMoney(p.weighted, currency, locale)}</td>
                    <td>{formatMoney(p.amount, currency, locale)}</td>
                    <td>{p.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        ) : (
          <p className="px-2 py-16 text-center text-sm text-muted">{t("empty", { currency })}</p>
        )}
      </div>
    </section>
  );
}
