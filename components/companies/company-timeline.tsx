"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/deals/detail/use-now";
import { TimelineItem } from "@/components/deals/timeline/timeline-item";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import type { Translate } from "@/lib/deals/fields";
import { describeActivity } from "@/lib/deals/timeline-format";
import { companyActivitiesQuery } from "@/lib/queries/companies";

const PAGE = 20;
const MAX = 100;

/** One timeline for the company: the activities of all its deals, newest first, each saying which deal it is on. */
export function CompanyTimeline({ companyId, memberName }: { companyId: string; memberName: (id: string) => string | undefined }) {
  const t = useTranslations("records.timeline");
  const tr = useTranslations() as unknown as Translate;
  const locale = useLocale();
  const now = useNow();
  const [limit, setLimit] = useState(PAGE);
  const query = useQuery(companyActivitiesQuery(companyId, limit));

  if (query.isPending) {
    return (
      <div className="space-y-4 pt-2" role="status" aria-label={t("title")}>
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex gap-3">
            <Skeleton className="h-8 w-8 rounded-full" />
            <Skeleton className="h-12 flex-1" />
          </div>
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-700">
        <p className="font-medium">{t("failed")}</p>
        <p className="mt-0.5 text-xs">{query.error.message}</p>
      </div>
    );
  }
  const { activities, total } = query.data;
  if (activities.length === 0) {
    return (
      <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
        <History className="h-8 w-8 text-slate-300" aria-hidden />
        <p className="mt-2 text-sm text-muted">{t("empty")}</p>
      </div>
    );
  }
  return (
    <div>
      <ol aria-label={t("title")} className="pt-1">
        {activities.map((a, i) => (
          <TimelineItem
            key={a.id}
            entry={describeActivity(a, { locale, t: tr, currency: a.deal_currency, names: { member: memberName } })}
            now={now}
            locale={locale}
            last={i === activities.length - 1 && activities.length >= total}
            context={
              <Link href={`/deals/${encodeURIComponent(a.deal_id)}`} className="hover:text-accent hover:underline">
                {t("onDeal", { deal: `${a.deal_number} · ${a.deal_name}` })}
              </Link>
            }
          />
        ))}
      </ol>
      {activities.length < total && limit < MAX ? (
        <div className="pl-11">
          <Button variant="secondary" size="sm" onClick={() => setLimit((l) => Math.min(l + PAGE, MAX))} loading={query.isFetching}>
            {t("more")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
