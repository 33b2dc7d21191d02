import { getTranslations } from "next-intl/server";
import { formatDate } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { intlLocale } from "./intl";
import { MoneyLines } from "./money-lines";

function Card({ label, hint, children }: { label: string; hint: string; children: React.ReactNode }) {
  return (
    <section aria-label={label} className="min-w-0 rounded-lg border border-slate-200 bg-surface p-4">
      <h2 className="text-xs font-medium text-muted">{label}</h2>
      <div className="mt-1.5 text-lg font-semibold leading-snug break-words">{children}</div>
      <p className="mt-1 text-xs text-muted">{hint}</p>
    </section>
  );
}

/** The numbers a manager opens the meeting with. */
export async function KpiCards({ report }: { report: PipelineReport }) {
  const [t, locale] = await Promise.all([getTranslations("pipeline.kpi"), intlLocale()]);
  const openCount = report.open.reduce((n, o) => n + o.count, 0);
  const { closed } = report;
  const wonQuarter = new Map<string, { currency: string; amount: number; count: number }>();
  for (const owner of report.owners) {
    for (const w of owner.won_this_quarter) {
      const acc = wonQuarter.get(w.currency) ?? { currency: w.currency, amount: 0, count: 0 };
      wonQuarter.set(w.currency, { currency: w.currency, amount: acc.amount + w.amount, count: acc.count + w.count });
    }
  }
  const wonQuarterCount = [...wonQuarter.values()].reduce((n, w) => n + w.count, 0);
  const winRate = closed.win_rate === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(closed.win_rate);
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5">
      <Card label={t("open")} hint={t("openHint", { count: openCount })}>
        <MoneyLines entries={report.open} locale={locale} />
      </Card>
      <Card label={t("weighted")} hint={t("weightedHint")}>
        <MoneyLines entries={report.open.map((o) => ({ currency: o.currency, amount: o.weighted }))} locale={locale} />
      </Card>
      <Card label={t("winRate", { days: closed.window_days })} hint={t("winRateHint", { won: closed.won_count, lost: closed.lost_count })}>
        <span data-testid="win-rate">{winRate}</span>
      </Card>
      <Card label={t("averageWon", { days: closed.window_days })} hint={t("averageWonHint")}>
        <MoneyLines
          entries={closed.by_currency.filter((c) => c.average_won_amount !== null).map((c) => ({ currency: c.currency, amount: c.average_won_amount! }))}
          locale={locale}
        />
      </Card>
      <Card label={t("wonQuarter")} hint={t("wonQuarterHint", { count: wonQuarterCount, date: formatDate(report.quarter.from, locale) })}>
        <MoneyLines entries={[...wonQuarter.values()]} locale={locale} />
      </Card>
    </div>
  );
}
