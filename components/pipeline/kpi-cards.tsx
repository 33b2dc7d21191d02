import { formatDate } from "@/lib/format";
import type { PipelineReport } from "@/lib/reports/schema";
import { MoneyLines } from "./money-lines";

function Card({ label, hint, children }: { label: string; hint: string; children: React.ReactNode }) {
  return (
    <section aria-label={label} className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 className="text-xs font-medium text-muted">{label}</h2>
      <div className="mt-1.5 text-lg font-semibold leading-snug">{children}</div>
      <p className="mt-1 text-xs text-muted">{hint}</p>
    </section>
  );
}

/** The numbers a manager opens the meeting with. */
export function KpiCards({ report }: { report: PipelineReport }) {
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
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-5">
      <Card label="Open pipeline" hint={`${openCount} open ${openCount === 1 ? "deal" : "deals"}`}>
        <MoneyLines entries={report.open} />
      </Card>
      <Card label="Weighted pipeline" hint="Amount × probability, open deals">
        <MoneyLines entries={report.open.map((o) => ({ currency: o.currency, amount: o.weighted }))} />
      </Card>
      <Card label={`Win rate · last ${closed.window_days} days`} hint={`${closed.won_count} won · ${closed.lost_count} lost`}>
        <span data-testid="win-rate">{closed.win_rate === null ? "—" : `${Math.round(closed.win_rate * 100)}%`}</span>
      </Card>
      <Card label={`Average won deal · ${closed.window_days} days`} hint="Per currency, deals won in the window">
        <MoneyLines
          entries={closed.by_currency.filter((c) => c.average_won_amount !== null).map((c) => ({ currency: c.currency, amount: c.average_won_amount! }))}
        />
      </Card>
      <Card label="Won this quarter" hint={`${wonQuarterCount} ${wonQuarterCount === 1 ? "deal" : "deals"} since ${formatDate(report.quarter.from)}`}>
        <MoneyLines entries={[...wonQuarter.values()]} />
      </Card>
    </div>
  );
}
