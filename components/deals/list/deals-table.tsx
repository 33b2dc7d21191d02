"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, ArrowUpDown, Briefcase, RotateCcw, SearchX, Trash2 } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import type { Deal } from "@/lib/deals/schema";
import { isClosedStage } from "@/lib/deals/stages";
import { formatDate, formatMoney, formatRelative, todayIso } from "@/lib/format";
import { defaultOrderFor, type DealsListState, type ListSort, listStateToApiQuery, listStateToSearch, parseListState } from "@/lib/deals/list-state";
import { contactName } from "@/lib/queries/contacts";
import { dealListQuery } from "@/lib/queries/deals";
import { useCompaniesById } from "@/lib/queries/use-companies";
import { useContactsById } from "@/lib/queries/use-contacts";
import { useRestoreDeal } from "@/lib/queries/use-deals";
import { useMembers } from "@/lib/queries/use-members";
import { cn } from "@/lib/utils";
import { DealFormDialog } from "../deal-form-dialog";
import { useNow } from "../detail/use-now";
import { ListToolbar } from "./list-toolbar";
import { Pagination } from "./pagination";
import { StageBadge } from "./stage-badge";

interface Column {
  key: string;
  label: string;
  sort?: ListSort;
  align?: "right";
  className?: string;
}

const COLUMNS: Column[] = [
  { key: "number", label: "Number", sort: "created_at", className: "w-32" },
  { key: "name", label: "Name", sort: "name", className: "min-w-56" },
  { key: "company", label: "Company", className: "min-w-40" },
  { key: "stage", label: "Stage", className: "w-36" },
  { key: "amount", label: "Amount", sort: "amount", align: "right", className: "w-36" },
  { key: "probability", label: "Prob.", sort: "probability", align: "right", className: "w-20" },
  { key: "owner", label: "Owner", className: "w-40" },
  { key: "close", label: "Expected close", sort: "expected_close_date", className: "w-36" },
  { key: "updated", label: "Updated", sort: "updated_at", className: "w-32" },
];

/** The deals list: a sortable, filterable, paginated table whose whole state is in the URL. */
export function DealsTable() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlState = useMemo(() => parseListState(params), [params]);
  // Controls react at once; the URL (and with it back/forward) follows a moment later.
  const [optimistic, setOptimistic] = useState<DealsListState | null>(null);
  const [seenParams, setSeenParams] = useState(params);
  if (params !== seenParams) {
    setSeenParams(params);
    setOptimistic(null);
  }
  const state = optimistic ?? urlState;
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const locale = useLocale();
  const now = useNow();
  const query = useQuery(dealListQuery(listStateToApiQuery(state)));
  const members = useMembers();
  const companies = useCompaniesById(state.companyId ? [state.companyId] : []);
  const contacts = useContactsById(state.contactId ? [state.contactId] : []);
  const [newOpen, setNewOpen] = useState(false);

  const update = useCallback(
    (patch: Partial<DealsListState>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setOptimistic(next);
      router.replace(`${pathname}${listStateToSearch(next)}`, { scroll: false });
    },
    [router, pathname],
  );

  const restore = useRestoreDeal();
  const restoreFromTrash = (deal: Deal) =>
    restore.mutateAsync(deal.id).then(
      (restored) => toast.success(`Restored “${restored.name}”`, { action: { label: "Open", onClick: () => router.push(`/deals/${restored.id}`) } }),
      (error: Error) => toast.error("Could not restore the deal", { description: error.message }),
    );

  function sortBy(sort: ListSort) {
    update({ sort, order: state.sort === sort ? (state.order === "asc" ? "desc" : "asc") : defaultOrderFor(sort), page: 1 });
  }

  const data = query.data;
  const filtered = !!(state.search || state.stages.length || state.owner || state.companyId || state.contactId);
  const pages = data ? Math.max(1, Math.ceil(data.total / state.size)) : 1;
  // A page past the end (after deletes, or an edited URL) snaps back to the last page.
  useEffect(() => {
    if (data && data.total > 0 && state.page > pages) update({ page: pages });
  }, [data, state.page, pages, update]);

  const contact = contacts.get(state.contactId);

  return (
    <main className="mx-auto flex w-full max-w-[1400px] flex-1 flex-col gap-4 px-4 py-4 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="flex items-baseline gap-2 text-lg font-semibold">
            {state.trash ? "Trash" : "Deals"}
            {data ? <span className="tabular text-sm font-normal text-muted">{new Intl.NumberFormat(locale).format(data.total)}</span> : null}
          </h1>
          <p className="text-xs text-muted">
            {state.trash ? "Deleted deals. Restore one to bring it back to the board." : "Every deal in your workspace. Click a row to open it."}
          </p>
        </div>
      </div>

      <ListToolbar
        state={state}
        members={members.data ?? []}
        companyName={companies.get(state.companyId)?.name ?? (companies.get(state.companyId) === null ? "Removed company" : null)}
        contactLabel={contact ? contactName(contact) : contact === null ? "Removed contact" : null}
        onChange={update}
        onNewDeal={() => setNewOpen(true)}
      />

      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-surface">
        {query.isFetching && data ? <div className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-accent" role="progressbar" aria-label="Updating" /> : null}
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" aria-label={state.trash ? "Deleted deals" : "Deals"} aria-busy={query.isFetching || undefined}>
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr className="border-b border-slate-200">
                {COLUMNS.map((c) => {
                  const active = c.sort && state.sort === c.sort && !(c.key === "number" && state.sort !== "created_at");
                  const ariaSort = active ? (state.order === "asc" ? "ascending" : "descending") : undefined;
                  return (
                    <th key={c.key} scope="col" aria-sort={ariaSort} className={cn("h-9 px-3 text-left font-medium whitespace-nowrap", c.align === "right" && "text-right", c.className)}>
                      {c.sort ? (
                        <button
                          type="button"
                          onClick={() => sortBy(c.sort!)}
                          className={cn("-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/60 hover:text-slate-900", active && "text-slate-900", c.align === "right" && "flex-row-reverse")}
                        >
                          {c.label}
                          {active ? (
                            state.order === "asc" ? <ArrowUp className="h-3 w-3" aria-hidden /> : <ArrowDown className="h-3 w-3" aria-hidden />
                          ) : (
                            <ArrowUpDown className="h-3 w-3 opacity-40" aria-hidden />
                          )}
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
                {state.trash ? (
                  <th scope="col" className="w-28 px-3 text-right font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className={cn(query.isFetching && data && "opacity-70 transition-opacity")}>
              {query.isPending
                ? Array.from({ length: 8 }, (_, i) => (
                    <tr key={i} className="border-b border-slate-100">
                      {COLUMNS.map((c) => (
                        <td key={c.key} className="h-11 px-3">
                          <Skeleton className={cn("h-3.5", c.key === "name" ? "w-48" : "w-16", c.align === "right" && "ml-auto")} />
                        </td>
                      ))}
                    </tr>
                  ))
                : (data?.items ?? []).map((deal) => {
                    const overdue = deal.expected_close_date && !isClosedStage(deal.stage) && deal.expected_close_date < todayIso();
                    return (
                      <tr
                        key={deal.id}
                        onClick={(e) => {
                          if ((e.target as HTMLElement).closest("a,button")) return;
                          if (e.metaKey || e.ctrlKey) window.open(`/deals/${deal.id}`, "_blank");
                          else router.push(`/deals/${deal.id}`);
                        }}
                        className="group cursor-pointer border-b border-slate-100 last:border-b-0 hover:bg-slate-50"
                      >
                        <td className="h-11 px-3 text-xs whitespace-nowrap text-slate-500 tabular">{deal.deal_number}</td>
                        <td className="max-w-80 px-3">
                          <Link href={`/deals/${deal.id}`} className="line-clamp-1 font-medium text-slate-900 group-hover:text-accent hover:underline">
                            {deal.name}
                          </Link>
                        </td>
                        <td className="max-w-56 truncate px-3 text-slate-600">{deal.company_name ?? <span className="text-slate-300">—</span>}</td>
                        <td className="px-3">
                          <StageBadge stage={deal.stage} />
                        </td>
                        <td className="px-3 text-right font-medium whitespace-nowrap tabular">{formatMoney(deal.amount, deal.currency, locale)}</td>
                        <td className="px-3 text-right text-slate-600 tabular">{deal.probability}%</td>
                        <td className="px-3">
                          {deal.assigned_member_name ? (
                            <span className="flex items-center gap-1.5 truncate text-slate-700">
                              <Avatar name={deal.assigned_member_name} className="h-5 w-5 text-[9px]" />
                              <span className="truncate">{deal.assigned_member_name}</span>
                            </span>
                          ) : (
                            <span className="text-slate-400">Unassigned</span>
                          )}
                        </td>
                        <td className={cn("px-3 whitespace-nowrap tabular", overdue ? "font-medium text-red-600" : "text-slate-600")} title={overdue ? "Past the expected close date" : undefined}>
                          {formatDate(deal.expected_close_date, locale)}
                        </td>
                        <td className="px-3 whitespace-nowrap text-slate-500" title={new Date(deal.updated_at).toLocaleString(locale)}>
                          {now === null ? formatDate(deal.updated_at, locale) : formatRelative(deal.updated_at, new Date(now), locale)}
                        </td>
                        {state.trash ? (
                          <td className="px-3 text-right">
                            <Button size="sm" variant="secondary" onClick={() => void restoreFromTrash(deal)} loading={restore.isPending && restore.variables === deal.id} aria-label={`Restore ${deal.name}`}>
                              <RotateCcw className="h-3.5 w-3.5" aria-hidden /> Restore
                            </Button>
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
            </tbody>
          </table>
        </div>

        {query.isError && !data ? (
          <div role="alert" className="flex flex-col items-center px-6 py-14 text-center">
            <p className="font-medium text-red-700">The deals could not be loaded.</p>
            <p className="mt-1 text-sm text-muted">{query.error.message}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </div>
        ) : data && data.items.length === 0 ? (
          <EmptyState trash={state.trash} filtered={filtered} onClear={() => update({ search: "", stages: [], owner: "", companyId: "", contactId: "", page: 1 })} onNew={() => setNewOpen(true)} />
        ) : null}
      </div>

      {data && data.total > 0 ? (
        <Pagination page={Math.min(state.page, pages)} size={state.size} total={data.total} onPage={(page) => update({ page })} onSize={(size) => update({ size, page: 1 })} />
      ) : null}

      <DealFormDialog
        open={newOpen}
        onOpenChange={setNewOpen}
        onSaved={(deal) => toast(`${deal.deal_number} is ready`, { action: { label: "Open", onClick: () => router.push(`/deals/${deal.id}`) } })}
      />
    </main>
  );
}

function EmptyState({ trash, filtered, onClear, onNew }: { trash: boolean; filtered: boolean; onClear: () => void; onNew: () => void }) {
  if (filtered) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <SearchX className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">No deals match these filters</p>
        <p className="mt-0.5 text-sm text-muted">Try another search, or clear the filters to see everything.</p>
        <Button variant="secondary" className="mt-3" onClick={onClear}>
          Clear filters
        </Button>
      </div>
    );
  }
  if (trash) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <Trash2 className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">The trash is empty</p>
        <p className="mt-0.5 text-sm text-muted">Deleted deals land here and can be restored.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <Briefcase className="h-9 w-9 text-slate-300" aria-hidden />
      <p className="mt-2 font-medium">No deals yet</p>
      <p className="mt-0.5 text-sm text-muted">Deals are the opportunities your team is working on. Add the first one to start your pipeline.</p>
      <Button className="mt-3" onClick={onNew}>
        New deal
      </Button>
    </div>
  );
}
