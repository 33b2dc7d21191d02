import { formatMoney } from "@/lib/format";
import { cn } from "@/lib/utils";

export interface MoneyEntry {
  currency: string;
  amount: number;
}

/**
 * Amounts in several currencies, one per line: they are never added together. An empty list
 * shows a dash. `locale` is the page language's Intl tag ("ja-JP": ￥825万 when compact).
 */
export function MoneyLines({ entries, locale, className, compact = false }: { entries: MoneyEntry[]; locale: string; className?: string; compact?: boolean }) {
  if (entries.length === 0) return <span className={cn("text-slate-500", className)}>—</span>;
  return (
    <span className={cn("flex flex-col tabular", className)}>
      {entries.map((e) => (
        <span key={e.currency} data-currency={e.currency} title={compact ? formatMoney(e.amount, e.currency, locale) : undefined}>
          {formatMoney(e.amount, e.currency, locale, compact)}
        </span>
      ))}
    </span>
  );
}
