"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Briefcase, RotateCcw, SearchX, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { ActionsColumnHeading, CardSkeletons, RestoreCell, SortableColumnHeading, TableSkeletonRows } from "@/components/ui/list-table";
import { useLocale } from "@/components/ui/use-locale";
import { useLastPage, useUrlListState } from "@/components/ui/use-url-list-state";
import type { Deal } from "@/lib/deals/schema";
import { isClosedStage } from "@/lib/deals/stages";
import { formatDate, formatMoney, formatRelative, todayIso } from "@/lib/format";
import { DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { DEFAULT_LIST_STATE, defaultOrderFor, type DealsListState, LIST_SORTS, type ListSort, listCurrency, listStateToApiQuery, listStateToSearch, parseListState } from "@/lib/deals/list-state";
import { contactName } from "@/lib/queries/contacts";
import { dealListQuery } from "@/lib/queries/deals";
import { useCompaniesById } from "@/lib/queries/use-companies";
import { useContactsById } from "@/lib/queries/use-contacts";
import { useRestoreDeal } from "@/lib/queries/use-deals";
import { useMembers } from "@/lib/queries/use-members";
import { cn } from "@/lib/utils";
import { saveFile } from "@/components/imports/export-button";
import { SelectionBar, SelectPageCheckbox, SelectRowCheckbox } from "@/components/imports/selection";
import { csvLines, DEAL_CSV_HEADERS, dealCsvRow, exportFileName, pipelineNames, UTF8_BOM } from "@/lib/exports/columns";
import { DealFormDialog } from "../deal-form-dialog";
import { useNow } from "../detail/use-now";
import { ListToolbar } from "./list-toolbar";
import { Pagination } from "./pagination";
import { StageBadge } from "./stage-badge";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { usePipelineName } from "@/components/ui/use-domain";

/** The table's columns; their headings are `deals.columns.<key>`. */
interface Column {
  key: "number" | "name" | "company" | "pipeline" | "stage" | "amount" | "probability" | "owner" | "close" | "updated";
  sort?: ListSort;
  align?: "right";
  className?: string;
}

const COLUMNS: Column[] = [
  { key: "number", sort: "created_at", className: "w-32" },
  { key: "name", sort: "name", className: "min-w-56" },
  { key: "company", className: "min-w-40" },
  { key: "stage", className: "w-36" },
  { key: "amount", sort: "amount", align: "right", className: "w-36" },
  { key: "probability", sort: "probability", align: "right", className: "w-20" },
  { key: "owner", className: "w-40" },
  { key: "close", sort: "expected_close_date", className: "w-36" },
  { key: "updated", sort: "updated_at", className: "w-32" },
];

/** With more than one pipeline, a Pipeline column sits before Stage. */
const COLUMNS_WITH_PIPELINE: Column[] = [...COLUMNS.slice(0, 3), { key: "pipeline", className: "w-40" }, ...COLUMNS.slice(3)];

/** How a sort is named in the phone's sort picker (the table's headings otherwise). */
const SORT_COLUMN: Record<ListSort, Column["key"]> = {
  updated_at: "updated",
  created_at: "number",
  name: "name",
  amount: "amount",
  probability: "probability",
  expected_close_date: "close",
};

const PHONE_QUERY = "(max-width: 767px)";

/** The skeleton's stand-in for the selection column. */
const SELECT_COLUMN = { key: "select", wide: false };

/**
 * Whether the screen is phone-sized (below the `md` breakpoint), or null while the server renders
 * and the page hydrates: then both layouts are rendered and CSS shows one; afterwards (and on
 * client navigation) only the one on screen is rendered, half the work.
 */
function usePhoneLayout(): boolean | null {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(PHONE_QUERY);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(PHONE_QUERY).matches,
    () => null,
  );
}

/**
 * The deals list: sortable, filterable, paginated, its whole state in the URL. A table from the
 * tablet width up; on a phone the same rows as cards (no table wider than the screen, Restore in
 * reach), with the sort as a picker since there are no column headings to click.
 */
export function DealsTable() {
  const { state, update, router } = useUrlListState(parseListState, listStateToSearch);
  const locale = useLocale();
  const t = useTranslations("deals");
  const phone = usePhoneLayout();
  const now = useNow();
  const query = useQuery(dealListQuery(listStateToApiQuery(state)));
  const members = useMembers();
  const companies = useCompaniesById(state.companyId ? [state.companyId] : []);
  const contacts = useContactsById(state.contactId ? [state.contactId] : []);
  const [newOpen, setNewOpen] = useState(false);
  const pipelines = usePipelines().data;
  const pipelineName = usePipelineName();
  const pipelinesById = useMemo(() => new Map((pipelines ?? []).map((p) => [p.id, p])), [pipelines]);
  const showPipeline = (pipelines?.length ?? 0) > 1;
  const columns = showPipeline ? COLUMNS_WITH_PIPELINE : COLUMNS;

  // Ticked rows, kept across pages and filters until cleared: Export then writes exactly these.
  const [selected, setSelected] = useState<ReadonlyMap<string, Deal>>(new Map());
  const toggleSelected = (deal: Deal) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(deal.id)) next.delete(deal.id);
      else next.set(deal.id, deal);
      return next;
    });
  const exportSelected = () => {
    const names = pipelineNames(pipelines ?? []);
    const text = UTF8_BOM + csvLines([DEAL_CSV_HEADERS]) + csvLines([...selected.values()].map((deal) => dealCsvRow(deal, names)));
    saveFile(new Blob([text], { type: "text/csv;charset=utf-8" }), exportFileName("deals"));
  };

  const restore = useRestoreDeal();
  const restoreFromTrash = (deal: Deal) =>
    restore.mutateAsync(deal.id).then(
      (restored) => toast.success(t("restored", { name: restored.name }), { action: { label: t("open"), onClick: () => router.push(`/deals/${restored.id}`) } }),
      (error: Error) => toast.error(t("restoreFailed"), { description: error.message }),
    );

  const data = query.data;

  function sortBy(sort: ListSort, order?: "asc" | "desc") {
    const next: Partial<DealsListState> = { sort, order: order ?? (state.sort === sort ? (state.order === "asc" ? "desc" : "asc") : defaultOrderFor(sort)), page: 1 };
    // Amounts compare within one currency: start with the currency of the row on top.
    if (sort === "amount" && !state.currency) next.currency = data?.items.find((d) => d.amount !== null)?.currency ?? DEFAULT_CURRENCY;
    update(next);
  }

  function chooseCurrency(currency: string) {
    // "All currencies" cannot be sorted by amount: that sort goes back to the default.
    update(currency || state.sort !== "amount" ? { currency, page: 1 } : { currency, sort: DEFAULT_LIST_STATE.sort, order: DEFAULT_LIST_STATE.order, page: 1 });
  }

  const reversed = state.order === "asc" ? "desc" : "asc";
  const filtered = !!(state.search || state.stages.length || state.owner || state.companyId || state.contactId || state.currency);
  const pages = useLastPage(data?.total, state.page, state.size, update);

  const contact = contacts.get(state.contactId);

  return (
    <main className="mx-auto flex w-full max-w-[1400px] flex-1 flex-col gap-4 px-4 py-4 sm:px-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="flex items-baseline gap-2 text-lg font-semibold">
            {state.trash ? t("trashTitle") : t("title")}
            {data ? <span className="tabular text-sm font-normal text-muted">{new Intl.NumberFormat(locale).format(data.total)}</span> : null}
          </h1>
          <p className="text-xs text-muted">{state.trash ? t("trashSubtitle") : t("subtitle")}</p>
        </div>
      </div>

      <ListToolbar
        state={state}
        members={members.data ?? []}
        companyName={companies.get(state.companyId)?.name ?? (companies.get(state.companyId) === null ? t("removedCompany") : null)}
        contactLabel={contact ? contactName(contact) : contact === null ? t("removedContact") : null}
        currency={listCurrency(state)}
        onCurrency={chooseCurrency}
        onChange={update}
        onNewDeal={() => setNewOpen(true)}
        apiQuery={Object.fromEntries(listStateToApiQuery(state))}
        selectedCount={state.trash ? 0 : selected.size}
        onExportSelected={exportSelected}
      />

      {selected.size > 0 && !state.trash ? <SelectionBar count={selected.size} onClear={() => setSelected(new Map())} /> : null}

      {state.sort === "amount" ? <p className="-mt-2 text-xs text-muted">{t("toolbar.amountWithinCurrency", { currency: listCurrency(state) })}</p> : null}

      {phone !== false ? (
      <div className="flex items-center gap-2 md:hidden">
        <label htmlFor="deal-sort" className="text-xs text-muted">
          {t("sort.label")}
        </label>
        <div className="min-w-0 flex-1">
          <Select
            id="deal-sort"
            value={state.sort}
            onValueChange={(v) => sortBy(v as ListSort, defaultOrderFor(v as ListSort))}
            options={LIST_SORTS.map((sort) => ({ value: sort, label: t(`columns.${SORT_COLUMN[sort]}`) }))}
          />
        </div>
        <Button variant="secondary" size="icon" onClick={() => update({ order: reversed, page: 1 })} aria-label={t(state.order === "asc" ? "sort.ascending" : "sort.descending")}>
          {state.order === "asc" ? <ArrowUp className="h-4 w-4" aria-hidden /> : <ArrowDown className="h-4 w-4" aria-hidden />}
        </Button>
      </div>
      ) : null}

      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-surface">
        {query.isFetching && data ? <div className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-accent" role="progressbar" aria-label={t("updating")} /> : null}
        {phone !== false ? (
        <ul className="divide-y divide-slate-100 md:hidden" aria-label={state.trash ? t("trashTableLabel") : t("tableLabel")} aria-busy={query.isFetching || undefined}>
          {query.isPending
            ? <CardSkeletons />
            : (data?.items ?? []).map((deal) => (
                <DealCard key={deal.id} deal={deal} locale={locale} now={now} trash={state.trash} restoring={restore.isPending && restore.variables === deal.id} onRestore={() => void restoreFromTrash(deal)} />
              ))}
        </ul>
        ) : null}
        {phone !== true ? (
        <div className="hidden overflow-x-auto md:block">
          <table className="w-full border-collapse text-sm" aria-label={state.trash ? t("trashTableLabel") : t("tableLabel")} aria-busy={query.isFetching || undefined}>
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr className="border-b border-slate-200">
                {!state.trash ? (
                  <th scope="col" className="w-10 px-3">
                    <SelectPageCheckbox
                      checked={!!data?.items.length && data.items.every((d) => selected.has(d.id))}
                      onChange={(checked) => {
                        const items = data?.items ?? [];
                        setSelected((current) => {
                          const next = new Map(current);
                          for (const d of items) if (checked) next.set(d.id, d); else next.delete(d.id);
                          return next;
                        });
                      }}
                    />
                  </th>
                ) : null}
                {columns.map((c) => {
                  const active = c.sort && state.sort === c.sort && !(c.key === "number" && state.sort !== "created_at");
                  const sort = c.sort;
                  return (
                    <SortableColumnHeading
                      key={c.key}
                      label={t(`columns.${c.key}`)}
                      active={!!active}
                      order={state.order}
                      onSort={sort ? () => sortBy(sort) : undefined}
                      align={c.align}
                      className={c.className}
                    />
                  );
                })}
                {state.trash ? <ActionsColumnHeading label={t("columns.actions")} /> : null}
              </tr>
            </thead>
            <tbody className={cn(query.isFetching && data && "opacity-70 transition-opacity")}>
              {query.isPending
                ? <TableSkeletonRows columns={[...(state.trash ? [] : [SELECT_COLUMN]), ...columns.map((c) => ({ key: c.key, wide: c.key === "name", align: c.align }))]} />
                : (data?.items ?? []).map((deal) => {
                    const overdue = deal.expected_close_date && !isClosedStage(deal.stage) && deal.expected_close_date < todayIso();
                    return (
                      <tr
                        key={deal.id}
                        onClick={(e) => {
                          if ((e.target as HTMLElement).closest("a,button,input,label")) return;
                          if (e.metaKey || e.ctrlKey) window.open(`/deals/${deal.id}`, "_blank");
                          else router.push(`/deals/${deal.id}`);
                        }}
                        className="group cursor-pointer border-b border-slate-100 last:border-b-0 hover:bg-slate-50"
                      >
                        {!state.trash ? (
                          <td className="w-10 px-3">
                            <SelectRowCheckbox name={deal.name} checked={selected.has(deal.id)} onChange={() => toggleSelected(deal)} />
                          </td>
                        ) : null}
                        <td className="h-11 px-3 text-xs whitespace-nowrap text-slate-500 tabular">{deal.deal_number}</td>
                        <td className="max-w-80 px-3">
                          <Link href={`/deals/${deal.id}`} className="line-clamp-1 font-medium text-slate-900 group-hover:text-accent hover:underline">
                            {deal.name}
                          </Link>
                        </td>
                        <td className="max-w-56 truncate px-3 text-slate-600">
                          {deal.company_id && deal.company_name ? (
                            <Link href={`/companies/${encodeURIComponent(deal.company_id)}`} className="hover:text-accent hover:underline">
                              {deal.company_name}
                            </Link>
                          ) : (
                            (deal.company_name ?? <span className="text-slate-500">—</span>)
                          )}
                        </td>
                        {showPipeline ? (
                          <td className="max-w-48 truncate px-3 text-slate-600" data-testid="deal-pipeline-cell">
                            {pipelineName(pipelinesById.get(deal.pipeline_id))}
                          </td>
                        ) : null}
                        <td className="px-3">
                          <StageBadge stage={deal.stage} pipelineId={deal.pipeline_id} />
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
                            <span className="text-slate-500">{t("unassigned")}</span>
                          )}
                        </td>
                        <td className={cn("px-3 whitespace-nowrap tabular", overdue ? "font-medium text-red-600" : "text-slate-600")} title={overdue ? t("overdue") : undefined}>
                          {formatDate(deal.expected_close_date, locale)}
                        </td>
                        <td className="px-3 whitespace-nowrap text-slate-500" title={new Date(deal.updated_at).toLocaleString(locale)}>
                          {now === null ? formatDate(deal.updated_at, locale) : formatRelative(deal.updated_at, new Date(now), locale)}
                        </td>
                        {state.trash ? (
                          <RestoreCell label={t("restore")} ariaLabel={t("restoreLabel", { name: deal.name })} loading={restore.isPending && restore.variables === deal.id} onRestore={() => void restoreFromTrash(deal)} />
                        ) : null}
                      </tr>
                    );
                  })}
            </tbody>
          </table>
        </div>
        ) : null}

        {query.isError && !data ? (
          <div role="alert" className="flex flex-col items-center px-6 py-14 text-center">
            <p className="font-medium text-red-700">{t("loadError")}</p>
            <p className="mt-1 text-sm text-muted">{query.error.message}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
              {t("tryAgain")}
            </Button>
          </div>
        ) : data && data.items.length === 0 ? (
          <EmptyState trash={state.trash} filtered={filtered} onClear={() => update({ search: "", stages: [], owner: "", companyId: "", contactId: "", currency: "", sort: state.sort === "amount" ? DEFAULT_LIST_STATE.sort : state.sort, page: 1 })} onNew={() => setNewOpen(true)} />
        ) : null}
      </div>

      {data && data.total > 0 ? (
        <Pagination page={Math.min(state.page, pages)} size={state.size} total={data.total} onPage={(page) => update({ page })} onSize={(size) => update({ size, page: 1 })} />
      ) : null}

      <DealFormDialog
        open={newOpen}
        onOpenChange={setNewOpen}
        onSaved={(deal) => toast(t("ready", { number: deal.deal_number }), { action: { label: t("open"), onClick: () => router.push(`/deals/${deal.id}`) } })}
      />
    </main>
  );
}

/** One deal as a card (phones): name and number, company, stage, amount, owner and dates; Restore in the trash. */
function DealCard({ deal, locale, now, trash, restoring, onRestore }: { deal: Deal; locale: string; now: number | null; trash: boolean; restoring: boolean; onRestore: () => void }) {
  const t = useTranslations("deals");
  const overdue = deal.expected_close_date && !isClosedStage(deal.stage) && deal.expected_close_date < todayIso();
  return (
    <li className="relative flex flex-col gap-1.5 p-3 hover:bg-slate-50">
      <div className="flex items-start justify-between gap-3">
        <Link href={`/deals/${deal.id}`} className="min-w-0 font-medium break-words text-slate-900 after:absolute after:inset-0 hover:underline">
          {deal.name}
        </Link>
        <span className="shrink-0 text-right font-medium whitespace-nowrap tabular">{formatMoney(deal.amount, deal.currency, locale)}</span>
      </div>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
        <span className="tabular text-slate-500">{deal.deal_number}</span>
        {deal.company_id && deal.company_name ? (
          <Link href={`/companies/${encodeURIComponent(deal.company_id)}`} className="relative z-[1] truncate hover:text-accent hover:underline">
            {deal.company_name}
          </Link>
        ) : deal.company_name ? (
          <span className="truncate">{deal.company_name}</span>
        ) : null}
        <StageBadge stage={deal.stage} pipelineId={deal.pipeline_id} />
        <span className="tabular">{deal.probability}%</span>
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
        {deal.assigned_member_name ? (
          <span className="flex items-center gap-1">
            <Avatar name={deal.assigned_member_name} className="h-4 w-4 text-[8px]" />
            {deal.assigned_member_name}
          </span>
        ) : (
          <span className="text-slate-500">{t("unassigned")}</span>
        )}
        {deal.expected_close_date ? (
          <span className={cn("tabular", overdue && "font-medium text-red-600")}>{t("closeLabel", { date: formatDate(deal.expected_close_date, locale) })}</span>
        ) : null}
        <span className="text-slate-500">{t("updatedLabel", { when: now === null ? formatDate(deal.updated_at, locale) : formatRelative(deal.updated_at, new Date(now), locale) })}</span>
      </div>
      {trash ? (
        <div className="relative z-[1] pt-1">
          <Button size="sm" variant="secondary" className="h-10 w-full" onClick={onRestore} loading={restoring} aria-label={t("restoreLabel", { name: deal.name })}>
            <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("restore")}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function EmptyState({ trash, filtered, onClear, onNew }: { trash: boolean; filtered: boolean; onClear: () => void; onNew: () => void }) {
  const t = useTranslations("deals.empty");
  if (filtered) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <SearchX className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">{t("filteredTitle")}</p>
        <p className="mt-0.5 text-sm text-muted">{t("filteredBody")}</p>
        <Button variant="secondary" className="mt-3" onClick={onClear}>
          {t("clear")}
        </Button>
      </div>
    );
  }
  if (trash) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <Trash2 className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">{t("trashTitle")}</p>
        <p className="mt-0.5 text-sm text-muted">{t("trashBody")}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <Briefcase className="h-9 w-9 text-slate-300" aria-hidden />
      <p className="mt-2 font-medium">{t("title")}</p>
      <p className="mt-0.5 text-sm text-muted">{t("body")}</p>
      <Button className="mt-3" onClick={onNew}>
        {t("newDeal")}
      </Button>
    </div>
  );
}
