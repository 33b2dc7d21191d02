import { PAGE_SIZES, type PageSize } from "@/lib/deals/list-state";
import { RECORD_SORTS } from "./schema";

/**
 * The /companies and /contacts lists keep their state in the URL as /deals does (shareable,
 * back and forward work): the same parameter names (`q`, `sort`, `order`, `page`, `size`,
 * `view=trash`) and page sizes. Pure: read, write back without defaults, turn into the API query.
 */

export type RecordSort = (typeof RECORD_SORTS)[number];

export interface RecordListState {
  search: string;
  sort: RecordSort;
  order: "asc" | "desc";
  page: number;
  size: PageSize;
  trash: boolean;
}

export const DEFAULT_RECORD_LIST_STATE: RecordListState = { search: "", sort: "name", order: "asc", page: 1, size: 25, trash: false };

/** Names A→Z, dates newest first. */
export const defaultRecordOrder = (sort: RecordSort): "asc" | "desc" => (sort === "name" ? "asc" : "desc");

type ParamsLike = { get(name: string): string | null };

export function parseRecordListState(params: ParamsLike): RecordListState {
  const sort = params.get("sort");
  const order = params.get("order");
  const page = Number(params.get("page"));
  const size = Number(params.get("size"));
  const parsedSort = (RECORD_SORTS as readonly string[]).includes(sort ?? "") ? (sort as RecordSort) : DEFAULT_RECORD_LIST_STATE.sort;
  return {
    search: (params.get("q") ?? "").slice(0, 200),
    sort: parsedSort,
    order: order === "asc" || order === "desc" ? order : defaultRecordOrder(parsedSort),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : DEFAULT_RECORD_LIST_STATE.size,
    trash: params.get("view") === "trash",
  };
}

/** The URL query for a state; defaults are left out so plain /companies stays plain. */
export function recordListStateToSearch(state: RecordListState): string {
  const p = new URLSearchParams();
  if (state.trash) p.set("view", "trash");
  if (state.search.trim()) p.set("q", state.search.trim());
  if (state.sort !== DEFAULT_RECORD_LIST_STATE.sort || state.order !== defaultRecordOrder(state.sort)) {
    p.set("sort", state.sort);
    p.set("order", state.order);
  }
  if (state.size !== DEFAULT_RECORD_LIST_STATE.size) p.set("size", String(state.size));
  if (state.page > 1) p.set("page", String(state.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The API query (GET /api/v1/crm/companies or /contacts) for a state. */
export function recordListStateToApiQuery(state: RecordListState): Record<string, string> {
  const query: Record<string, string> = {
    limit: String(state.size),
    offset: String((state.page - 1) * state.size),
    sort: state.sort,
    order: state.order,
  };
  if (state.search.trim()) query.search = state.search.trim();
  if (state.trash) query.deleted = "true";
  return query;
}
