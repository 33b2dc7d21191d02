"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { StageBadge } from "@/components/deals/list/stage-badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import { formatMoney } from "@/lib/format";
import { dealListQuery } from "@/lib/queries/deals";

const SHOWN = 10;

/**
 * The deals of a company or contact (`filter` is the deals list's `company_id` or `contact_id`),
 * most recently changed first, each linking to its record; the whole list is one link away.
 */
export function RecordDeals({ filter, id }: { filter: "company_id" | "contact_id"; id: string }) {
  const t = useTranslations("records.record");
  const locale = useLocale();
  const query = useQuery(dealListQuery(new URLSearchParams({ [filter]: id, limit: String(SHOWN), sort: "updated_at", order: "desc" })));
  if (query.isPending) {
    return (
      <div className="space-y-2" role="status" aria-label={t("deals")}>
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="text-sm text-red-700">
        <p>{t("dealsFailed")}</p>
        <Button size="sm" variant="secondary" className="mt-2" onClick={() => void query.refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  }
  const { items, total } = query.data;
  if (items.length === 0) return <p className="text-sm text-muted">{t("noDeals")}</p>;
  return (
    <div>
      <ul className="divide-y divide-slate-100" aria-label={t("deals")}>
        {items.map((deal) => (
          <li key={deal.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
            <Link href={`/deals/${encodeURIComponent(deal.id)}`} className="min-w-0 flex-1 truncate font-medium text-slate-900 hover:text-accent hover:underline">
              {deal.name}
            </Link>
            <StageBadge stage={deal.stage} />
            <span className="w-28 text-right font-medium whitespace-nowrap tabular">{formatMoney(deal.amount, deal.currency, locale)}</span>
          </li>
        ))}
      </ul>
      {total > 0 ? (
        <Link href={`/deals?${filter}=${encodeURIComponent(id)}`} className="mt-2 inline-block text-xs text-accent hover:underline">
          {t("allDeals", { count: total })}
        </Link>
      ) : null}
    </div>
  );
}
