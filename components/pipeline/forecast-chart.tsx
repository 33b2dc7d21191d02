"use client";

import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { formatMoney } from "@/lib/format";
import { type ForecastPoint, forecastSeries } from "@/lib/reports/forecast";
import type { PipelineReport } from "@/lib/reports/schema";
import { cn } from "@/lib/utils";

const ACCENT = "#4f46e5";
const LOST_RED = "#dc2626";
const TOTAL_GREY = "#e2e8f0";

function ForecastTooltip({ active, payload, currency }: { active?: boolean; payload?: Array<{ payload: ForecastPoint }>; currency: string }) {
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <div className="rounded-md border border-slate-200 bg-surface px-3 py-2 text-xs shadow-md">
      <div className="font-medium">{p.key === "overdue" ? "Expected before this month" : p.label}</div>
      <div className="mt-1 tabular">
        Weighted <span className="font-semibold">{formatMoney(p.weighted, currency)}</span>
      </div>
      <div className="tabular text-muted">
        Total {formatMoney(p.amount, currency)} · {p.count} {p.count === 1 ? "deal" : "deals"}
      </div>
    </div>
  );
}

/**
 * Weighted open pipeline by expected close month, one currency at a time (amounts in different
 * currencies are never stacked or summed). Pale bars behind show the unweighted total.
 */
export function ForecastChart({ report }: { report: PipelineReport }) {
  const currencies = report.currencies.filter((c) => report.forecast.some((f) => f.currency === c));
  const [currency, setCurrency] = useState(currencies[0] ?? report.currencies[0] ?? DEFAULT_CURRENCY);
  const { points, undated } = useMemo(() => forecastSeries(report.forecast, currency, report.as_of), [report, currency]);
  const hasData = points.some((p) => p.amount > 0 || p.count > 0);

  return (
    <section aria-labelledby="forecast-heading" className="rounded-lg border border-slate-200 bg-surface">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="forecast-heading" className="text-sm font-semibold">
            Forecast by expected close month
          </h2>
          <p className="text-xs text-muted">Open deals, weighted by probability{undated > 0 && ` · ${undated} without a close date not shown`}</p>
        </div>
        {currencies.length > 1 && (
          <div role="group" aria-label="Currency" className="ml-auto flex rounded-md border border-slate-200 p-0.5">
            {currencies.map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={c === currency}
                onClick={() => setCurrency(c)}
                className={cn(
                  "rounded px-2.5 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100",
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
                  <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: "#e2e8f0" }} tick={{ fontSize: 11, fill: "#64748b" }} interval={0} />
                  <YAxis
                    tickLine={false}
                    axisLine={false}
                    width={72}
                    tick={{ fontSize: 11, fill: "#64748b" }}
                    tickFormatter={(v: number) => formatMoney(v, currency, "en-US", true)}
                  />
                  <Tooltip cursor={{ fill: "#f8fafc" }} content={<ForecastTooltip currency={currency} />} />
                  <Bar dataKey="amount" name="Total" fill={TOTAL_GREY} barSize={28} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                  <Bar dataKey="weighted" name="Weighted" barSize={28} radius={[3, 3, 0, 0]} isAnimationActive={false}>
                    {points.map((p) => (
                      <Cell key={p.key} fill={p.key === "overdue" ? LOST_RED : ACCENT} />
                    ))}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption className="flex flex-wrap items-center gap-4 px-2 pt-2 text-xs text-muted">
              <span className="flex items-center gap-1.5">
                <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: ACCENT }} /> Weighted
              </span>
              <span className="flex items-center gap-1.5">
                <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: TOTAL_GREY }} /> Total
              </span>
              {points[0]?.key === "overdue" && (
                <span className="flex items-center gap-1.5">
                  <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: LOST_RED }} /> Overdue (expected before this month)
                </span>
              )}
            </figcaption>
            {/* The same numbers as a table, for screen readers. */}
            <table className="sr-only">
              <caption>Forecast in {currency}</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Weighted</th>
                  <th scope="col">Total</th>
                  <th scope="col">Deals</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.label}</th>
                    <td>{formatMoney(p.weighted, currency)}</td>
                    <td>{formatMoney(p.amount, currency)}</td>
                    <td>{p.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        ) : (
          <p className="px-2 py-16 text-center text-sm text-muted">No open deals with an expected close date in {currency}.</p>
        )}
      </div>
    </section>
  );
}
