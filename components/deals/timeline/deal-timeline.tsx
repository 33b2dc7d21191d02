"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import type { Translate } from "@/lib/deals/fields";
import type { Activity } from "@/lib/deals/schema";
import { describeActivity, type NameLookup } from "@/lib/deals/timeline-format";
import { dealActivitiesQuery } from "@/lib/queries/activities";
import { contactName } from "@/lib/queries/contacts";
import { useCompaniesById } from "@/lib/queries/use-companies";
import { useContactsById } from "@/lib/queries/use-contacts";
import { useNow } from "../detail/use-now";
import { useDeleteActivity } from "@/lib/queries/use-activities";
import { DealTimelineEntry, type TimelineViewer } from "./deal-timeline-entry";

/** How long a deleted entry can be brought back before it is deleted on the server. */
const UNDO_MS = 5000;

/** The deal's activity, newest first, one page at a time ("Load more"). */
export function DealTimeline({
  dealId,
  deleted,
  currency,
  memberName,
  known,
  viewer = null,
  dealOwnerId = null,
  members = [],
}: {
  dealId: string;
  /** The API keeps a deleted deal's timeline until it is restored. */
  deleted: boolean;
  currency: string;
  memberName: (id: string) => string | undefined;
  /** Names already on the page (the deal's company and contact), to avoid fetching them. */
  known: { companies: Map<string, string>; contacts: Map<string, string> };
  /** Who is looking: what they may edit, delete or tick done. */
  viewer?: TimelineViewer | null;
  dealOwnerId?: string | null;
  /** The workspace's members, for a task's assignee. */
  members?: { id: string; name: string }[];
}) {
  const tTask = useTranslations("tasks.task");
  const remove = useDeleteActivity(dealId);
  // Deleted entries are hidden at once; the server deletes them when Undo is no longer offered.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  function deleteWithUndo(activity: Activity) {
    setHidden((h) => new Set(h).add(activity.id));
    const restore = () => {
      clearTimeout(timers.current.get(activity.id));
      timers.current.delete(activity.id);
      setHidden((h) => {
        const next = new Set(h);
        next.delete(activity.id);
        return next;
      });
    };
    timers.current.set(
      activity.id,
      setTimeout(() => {
        timers.current.delete(activity.id);
        remove.mutate(activity, {
          onError: (err) => {
            restore();
            toast.error(tTask("deleteFailed"), { description: err.message });
          },
        });
      }, UNDO_MS),
    );
    toast(tTask("deleted"), { duration: UNDO_MS, action: { label: tTask("undo"), onClick: restore } });
  }
  const locale = useLocale();
  const t = useTranslations("deal.timeline");
  const tr = useTranslations() as unknown as Translate;
  const now = useNow();
  const query = useInfiniteQuery({ ...dealActivitiesQuery(dealId), enabled: !deleted });

  // Page boundaries shift when entries are added at the top; never show one entry twice.
  const activities = useMemo(() => {
    const seen = new Set<string>();
    const out: Activity[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const a of page.activities) {
        if (seen.has(a.id)) continue;
        seen.add(a.id);
        if (!hidden.has(a.id)) out.push(a);
      }
    }
    return out;
  }, [query.data, hidden]);
  const total = query.data?.pages[0]?.total ?? 0;

  // Field changes mention companies and contacts by id: fetch the names the page does not know.
  const referenced = useMemo(() => {
    const companies = new Set<string>();
    const contacts = new Set<string>();
    for (const a of activities) {
      if (a.type !== "field_change" || !Array.isArray(a.data.changes)) continue;
      for (const c of a.data.changes as { field?: string; before?: unknown; after?: unknown }[]) {
        const values = [c.before, c.after].flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === "string");
        if (c.field === "company_id") values.forEach((v) => !known.companies.has(v) && companies.add(v));
        if (c.field === "contact_id" || c.field === "contact_ids") values.forEach((v) => !known.contacts.has(v) && contacts.add(v));
      }
    }
    return { companies: [...companies], contacts: [...contacts] };
  }, [activities, known]);
  const companies = useCompaniesById(referenced.companies);
  const contacts = useContactsById(referenced.contacts);
  const names: NameLookup = {
    member: memberName,
    company: (id) => known.companies.get(id) ?? (companies.get(id) ? companies.get(id)!.name : companies.get(id) === null ? tr("deal.fieldsPanel.removedCompany") : undefined),
    contact: (id) => known.contacts.get(id) ?? (contacts.get(id) ? contactName(contacts.get(id)!) : contacts.get(id) === null ? tr("deal.fieldsPanel.removedContact") : undefined),
  };

  if (deleted) {
    return (
      <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
        <History className="h-8 w-8 text-slate-300" aria-hidden />
        <p className="mt-2 text-sm font-medium">{t("deletedTitle")}</p>
        <p className="mt-0.5 text-xs text-muted">{t("deletedBody")}</p>
      </div>
    );
  }

  if (query.isPending) {
    return (
      <div className="space-y-4 pt-2" aria-label={t("loading")} role="status">
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex gap-3">
            <Skeleton className="h-8 w-8 rounded-full" />
            <div className="flex-1 space-y-2 pt-1">
              <Skeleton className="h-3.5 w-2/3" />
              <Skeleton className="h-12 w-full" />
            </div>
          </div>
        ))}
      </div>
    );
  }

  if (query.isError) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-700">
        <p className="font-medium">{t("error")}</p>
        <p className="mt-0.5 text-xs">{query.error.message}</p>
        <Button size="sm" variant="secondary" className="mt-2" onClick={() => void query.refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  }

  if (activities.length === 0) {
    return (
      <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
        <History className="h-8 w-8 text-slate-300" aria-hidden />
        <p className="mt-2 text-sm font-medium">{t("emptyTitle")}</p>
        <p className="mt-0.5 text-xs text-muted">{t("emptyBody")}</p>
      </div>
    );
  }

  return (
    <div>
      <ol aria-label={t("label")} className="pt-1">
        {activities.map((a, i) => (
          <DealTimelineEntry
            key={a.id}
            activity={a}
            entry={describeActivity(a, { locale, t: tr, currency, names })}
            now={now}
            locale={locale}
            last={i === activities.length - 1 && !query.hasNextPage}
            viewer={viewer}
            dealOwnerId={dealOwnerId}
            members={members}
            onDelete={deleteWithUndo}
          />
        ))}
      </ol>
      {query.hasNextPage ? (
        <div className="flex items-center gap-3 pl-11">
          <Button variant="secondary" size="sm" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t("loadMore")}
          </Button>
          <span className="text-xs text-muted">{t("showing", { shown: activities.length, total })}</span>
        </div>
      ) : null}
    </div>
  );
}
