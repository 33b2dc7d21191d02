"use client";

import { type UseQueryOptions, useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, RotateCcw, SearchX, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Pagination } from "@/components/deals/list/pagination";
import { ExportButton } from "@/components/imports/export-button";
import { Button } from "@/components/ui/button";
import { ListSearchBox } from "@/components/ui/list-search-box";
import { Select } from "@/components/ui/select";
import { ActionsColumnHeading, CardSkeletons, RestoreCell, SortableColumnHeading, TableSkeletonRows } from "@/components/ui/list-table";
import { useLocale } from "@/components/ui/use-locale";
import { useLastPage, useUrlListState } from "@/components/ui/use-url-list-state";
import { RECORD_SORTS } from "@/lib/records/schema";
import {
  defaultRecordOrder,
  parseRecordListState,
  type RecordListState,
  type RecordSort,
  recordListStateToApiQuery,
  recordListStateToSearch,
} from "@/lib/records/list-state";
import type { RecordPage } from "@/lib/queries/records";
import { cn } from "@/lib/utils";

/** One column of a records table; `sort` makes its heading a sort button. */
export interface RecordColumn<T> {
  key: string;
  label: string;
  sort?: RecordSort;
  align?: "right";
  className?: string;
  cell: (row: T) => React.ReactNode;
}

interface ListedRecord {
  id: string;
  version: number;
}

/** Which catalog the list's words come from: `companies.list.*` or `contacts.list.*` (the same keys in both). */
export type RecordNamespace = "companies" | "contacts";

/**
 * The companies and contacts lists, in the deals list's style: search ("/" jumps to it), sortable
 * headings, pagination and a trash view with Restore, the whole state in the URL. A table from
 * the tablet width up, cards on a phone (with the sort as a picker). The caller gives the
 * columns, the card's second line, the query and the actions.
 */
export function RecordList<T extends ListedRecord>({
  ns,
  query,
  columns,
  hrefFor,
  nameOf,
  cardDetail,
  restore,
  onNew,
}: {
  ns: RecordNamespace;
  query: (params: Record<string, string>) => UseQueryOptions<RecordPage<T>, Error, RecordPage<T>, readonly unknown[]>;
  columns: (trash: boolean) => RecordColumn<T>[];
  hrefFor: (row: T) => string;
  nameOf: (row: T) => string;
  cardDetail: (row: T, trash: boolean) => React.ReactNode;
  restore: (row: T) => Promise<T>;
  onNew: () => void;
}) {
  const { state, update, router } = useUrlListState(parseRecordListState, recordListStateToSearch);
  const t = useTranslations();
  const locale = useLocale();
  const list = useQuery(query(recordListStateToApiQuery(state)));
  const data = list.data;
  const [restoring, setRestoring] = useState<string | null>(null);

  const pages = useLastPage(data?.total, state.page, state.size, update);

  function sortBy(sort: RecordSort, order?: "asc" | "desc") {
    update({ sort, order: order ?? (state.sort === sort ? (state.order === "asc" ? "desc" : "asc") : defaultRecordOrder(sort)), page: 1 });
  }

  function restoreFromTrash(row: T) {
    setRestoring(row.id);
    restore(row)
      .then(
        (restored) => toast.success(t(`${ns}.list.restored`, { name: nameOf(restored) }), { action: { label: t("records.list.open"), onClick: () => router.push(hrefFor(restored)) } }),
        (error: Error) => toast.error(t(`${ns}.list.restoreFailed`), { description: error.message }),
      )
      .finally(() => setRestoring(null));
  }

  const cols = columns(state.trash);
  const reversed = state.order === "asc" ? "desc" : "asc";
  const orderLabel = state.order === "asc" ? t("records.list.ascending") : t("records.list.descending");
  const label = state.trash ? t(`${ns}.list.trashTableLabel`) : t(`${ns}.list.tableLabel`);

  return (
    <main className="mx-auto flex w-full max-w-[1400px] flex-1 flex-col gap-4 px-4 py-4 sm:px-6">
      <div>
        <h1 className="flex items-baseline gap-2 text-lg font-semibold">
          {state.trash ? t(`${ns}.list.trashTitle`) : t(`${ns}.list.title`)}
          {data ? <span className="tabular text-sm font-normal text-muted">{new Intl.NumberFormat(locale).format(data.total)}</span> : null}
        </h1>
        <p className="text-xs text-muted">{state.trash ? t(`${ns}.list.trashSubtitle`) : t(`${ns}.list.subtitle`)}</p>
      </div>

      <RecordToolbar ns={ns} state={state} onChange={update} onNew={onNew} />

      <div className="flex items-center gap-2 md:hidden">
        <label htmlFor={`${ns}-sort`} className="text-xs text-muted">
          {t("records.list.sortLabel")}
        </label>
        <div className="min-w-0 flex-1">
          <Select
            id={`${ns}-sort`}
            value={state.sort}
            onValueChange={(v) => sortBy(v as RecordSort, defaultRecordOrder(v as RecordSort))}
            options={RECORD_SORTS.map((sort) => ({ value: sort, label: t(`records.list.sorts.${sort}`) }))}
          />
        </div>
        <Button variant="secondary" size="icon" className="h-10 w-10" onClick={() => update({ order: reversed, page: 1 })} aria-label={orderLabel}>
          {state.order === "asc" ? <ArrowUp className="h-4 w-4" aria-hidden /> : <ArrowDown className="h-4 w-4" aria-hidden />}
        </Button>
      </div>

      <div className="relative overflow-hidden rounded-lg border border-slate-200 bg-surface">
        {list.isFetching && data ? <div className="absolute inset-x-0 top-0 z-10 h-0.5 animate-pulse bg-accent" role="progressbar" aria-label={t("records.list.updating")} /> : null}
        <ul className="divide-y divide-slate-100 md:hidden" aria-label={label} aria-busy={list.isFetching || undefined}>
          {list.isPending
            ? <CardSkeletons />
            : (data?.items ?? []).map((row) => (
                <li key={row.id} className="relative flex flex-col gap-1 p-3 hover:bg-slate-50">
                  <Link href={hrefFor(row)} className="min-w-0 font-medium break-words text-slate-900 after:absolute after:inset-0 hover:underline">
                    {nameOf(row)}
                  </Link>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">{cardDetail(row, state.trash)}</div>
                  {state.trash ? (
                    <div className="relative z-[1] pt-1">
                      <Button size="sm" variant="secondary" className="h-10 w-full" onClick={() => restoreFromTrash(row)} loading={restoring === row.id} aria-label={t(`${ns}.list.restoreLabel`, { name: nameOf(row) })}>
                        <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("records.list.restore")}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
        </ul>
        <div className="hidden overflow-x-auto md:block">
          <table className="w-full border-collapse text-sm" aria-label={label} aria-busy={list.isFetching || undefined}>
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr className="border-b border-slate-200">
                {cols.map((c) => {
                  const active = c.sort !== undefined && state.sort === c.sort;
                  const sort = c.sort;
                  return <SortableColumnHeading key={c.key} label={c.label} active={active} order={state.order} onSort={sort ? () => sortBy(sort) : undefined} align={c.align} className={c.className} />;
                })}
                {state.trash ? <ActionsColumnHeading label={t("records.list.actions")} /> : null}
              </tr>
            </thead>
            <tbody className={cn(list.isFetching && data && "opacity-70 transition-opacity")}>
              {list.isPending
                ? <TableSkeletonRows columns={cols.map((c, j) => ({ key: c.key, wide: j === 0, align: c.align }))} />
                : (data?.items ?? []).map((row) => (
                    <tr
                      key={row.id}
                      onClick={(e) => {
                        if ((e.target as HTMLElement).closest("a,button")) return;
                        if (e.metaKey || e.ctrlKey) window.open(hrefFor(row), "_blank");
                        else router.push(hrefFor(row));
                      }}
                      className="group cursor-pointer border-b border-slate-100 last:border-b-0 hover:bg-slate-50"
                    >
                      {cols.map((c, j) => (
                        <td key={c.key} className={cn("h-11 px-3", j === 0 ? "max-w-80" : "max-w-56 truncate text-slate-600", c.align === "right" && "text-right tabular")}>
                          {j === 0 ? (
                            <Link href={hrefFor(row)} className="line-clamp-1 font-medium text-slate-900 group-hover:text-accent hover:underline">
                              {c.cell(row)}
                            </Link>
                          ) : (
                            c.cell(row)
                          )}
                        </td>
                      ))}
                      {state.trash ? (
                        <RestoreCell label={t("records.list.restore")} ariaLabel={t(`${ns}.list.restoreLabel`, { name: nameOf(row) })} loading={restoring === row.id} onRestore={() => restoreFromTrash(row)} />
                      ) : null}
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
        {list.isError && !data ? (
          <div role="alert" className="flex flex-col items-center px-6 py-14 text-center">
            <p className="font-medium">{t("records.list.loadError")}</p>
            <p className="mt-1 text-sm text-muted">{list.error.message}</p>
            <Button variant="secondary" className="mt-3" onClick={() => void list.refetch()}>
              {t("records.list.tryAgain")}
            </Button>
          </div>
        ) : data && data.items.length === 0 ? (
          <RecordListEmpty ns={ns} state={state} onClear={() => update({ search: "", page: 1 })} onNew={onNew} />
        ) : null}
      </div>

      {data && data.total > 0 ? (
        <Pagination page={Math.min(state.page, pages)} size={state.size} total={data.total} onPage={(page) => update({ page })} onSize={(size) => update({ size, page: 1 })} />
      ) : null}
    </main>
  );
}

/** Search, the trash switch and "New …". */
function RecordToolbar({ ns, state, onChange, onNew }: { ns: RecordNamespace; state: RecordListState; onChange: (patch: Partial<RecordListState>) => void; onNew: () => void }) {
  const t = useTranslations();

  return (
    <div className="flex flex-wrap items-center gap-2">
      <ListSearchBox
        id={`${ns}-search`}
        label={t(`${ns}.list.searchLabel`)}
        placeholder={t(`${ns}.list.searchPlaceholder`)}
        title={t("records.list.searchShortcut")}
        search={state.search}
        onSearch={(search) => onChange({ search, page: 1 })}
        className="h-10 sm:h-9"
      />
      <div className="ml-auto flex items-center gap-2">
        {!state.trash ? <ExportButton path={`/api/v1/crm/${ns}`} query={recordListStateToApiQuery(state)} fallbackName={`${ns}.csv`} /> : null}
        <Button variant={state.trash ? "primary" : "ghost"} aria-pressed={state.trash} onClick={() => onChange({ trash: !state.trash, page: 1 })} className={cn("h-10 sm:h-9", state.trash && "bg-red-600 hover:bg-red-700")}>
          <Trash2 className="h-3.5 w-3.5" aria-hidden /> {t("records.list.trash")}
        </Button>
        {!state.trash ? (
          <Button onClick={onNew} className="h-10 sm:h-9">
            <Plus className="h-4 w-4" aria-hidden /> {t(`${ns}.list.new`)}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function RecordListEmpty({ ns, state, onClear, onNew }: { ns: RecordNamespace; state: RecordListState; onClear: () => void; onNew: () => void }) {
  const t = useTranslations();
  if (state.search) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <SearchX className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">{t("records.list.filteredTitle", { search: state.search })}</p>
        <p className="mt-0.5 text-sm text-muted">{t("records.list.filteredBody")}</p>
        <Button variant="secondary" className="mt-3" onClick={onClear}>
          {t("records.list.clear")}
        </Button>
      </div>
    );
  }
  if (state.trash) {
    return (
      <div className="flex flex-col items-center px-6 py-14 text-center">
        <Trash2 className="h-9 w-9 text-slate-300" aria-hidden />
        <p className="mt-2 font-medium">{t(`${ns}.list.trashEmptyTitle`)}</p>
        <p className="mt-0.5 text-sm text-muted">{t(`${ns}.list.trashEmptyBody`)}</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-center px-6 py-14 text-center">
      <p className="font-medium">{t(`${ns}.list.emptyTitle`)}</p>
      <p className="mt-0.5 max-w-md text-sm text-muted">{t(`${ns}.list.emptyBody`)}</p>
      <Button className="mt-3" onClick={onNew}>
        <Plus className="h-4 w-4" aria-hidden /> {t(`${ns}.list.new`)}
      </Button>
    </div>
  );
}
