import { DEFAULT_CURRENCY } from "./currency";
import type { DealSort } from "./schema";
import { STAGE_KEY_PATTERN } from "@/lib/pipelines/model";
import type { Stage } from "./stages";

/**
 * The deals list's state lives in the URL (shareable, back/forward work): these functions read
 * it, write it back without defaults, and turn it into the API's list query. Pure, like the
 * board's (board-filters.ts).
 */

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const LIST_SORTS = ["updated_at", "created_at", "name", "amount", "probability", "expected_close_date"] as const satisfies readonly DealSort[];
export type ListSort = (typeof LIST_SORTS)[number];

export interface DealsListState {
  search: string;
  /** A pipeline id, or "" for every pipeline. */
  pipeline: string;
  stages: Stage[];
  /** A member id, "me", "none" (unassigned), or "" for anyone. */
  owner: string;
  companyId: string;
  contactId: string;
  /** An ISO 4217 code, or "" for every currency. */
  currency: string;
  sort: ListSort;
  order: "asc" | "desc";
  page: number;
  size: PageSize;
  trash: boolean;
}

export const DEFAULT_LIST_STATE: DealsListState = {
  search: "",
  pipeline: "",
  stages: [],
  owner: "",
  companyId: "",
  contactId: "",
  currency: "",
  sort: "updated_at",
  order: "desc",
  page: 1,
  size: 25,
  trash: false,
};

/**
 * The currency the list is limited to. Amounts of different currencies are not comparable
 * ($5,300 is not less than ¥8,250,000), so sorting by amount always sorts within one currency:
 * the one chosen, else the workspace's default (lib/deals/currency.ts). Other sorts show every
 * currency unless one is chosen.
 */
export const listCurrency = (state: Pick<DealsListState, "currency" | "sort">): string => state.currency || (state.sort === "amount" ? DEFAULT_CURRENCY : "");

/** A new sort starts where people expect: A→Z for names, biggest/latest first otherwise. */
export const defaultOrderFor = (sort: ListSort): "asc" | "desc" => (sort === "name" ? "asc" : "desc");

type ParamsLike = { get(name: string): string | null };

export function parseListState(params: ParamsLike): DealsListState {
  const s = DEFAULT_LIST_STATE;
  const sort = params.get("sort");
  const order = params.get("order");
  const page = Number(params.get("page"));
  const size = Number(params.get("size"));
  const stages = (params.get("stage") ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter((x): x is Stage => STAGE_KEY_PATTERN.test(x));
  const parsedSort = (LIST_SORTS as readonly string[]).includes(sort ?? "") ? (sort as ListSort) : s.sort;
  return {
    search: (params.get("q") ?? "").slice(0, 200),
    stages: [...new Set(stages)],
    owner: params.get("owner") ?? "",
    pipeline: /^pipe_[0-9A-HJKMNP-TV-Z]{26}$/.test(params.get("pipeline") ?? "") ? params.get("pipeline")! : "",
    companyId: params.get("company_id") ?? "",
    contactId: params.get("contact_id") ?? "",
    currency: /^[A-Z]{3}$/.test(params.get("currency") ?? "") ? params.get("currency")! : "",
    sort: parsedSort,
    order: order === "asc" || order === "desc" ? order : sort ? defaultOrderFor(parsedSort) : s.order,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? (size as PageSize) : s.size,
    trash: params.get("view") === "trash",
  };
}

/** The URL query for a state; defaults are left out so plain /deals stays plain. */
export function listStateToSearch(state: DealsListState): string {
  const p = new URLSearchParams();
  if (state.trash) p.set("view", "trash");
  if (state.search.trim()) p.set("q", state.search.trim());
  if (state.pipeline) p.set("pipeline", state.pipeline);
  if (state.stages.length) p.set("stage", state.stages.join(","));
  if (state.owner) p.set("owner", state.owner);
  if (state.companyId) p.set("company_id", state.companyId);
  if (state.contactId) p.set("contact_id", state.contactId);
  if (state.currency) p.set("currency", state.currency);
  if (state.sort !== DEFAULT_LIST_STATE.sort || state.order !== DEFAULT_LIST_STATE.order) {
    p.set("sort", state.sort);
    p.set("order", state.order);
  }
  if (state.size !== DEFAULT_LIST_STATE.size) p.set("size", String(state.size));
  if (state.page > 1) p.set("page", String(state.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The API query (GET /api/v1/crm/deals) for a state. */
export function listStateToApiQuery(state: DealsListState): URLSearchParams {
  const p = new URLSearchParams({
    limit: String(state.size),
    offset: String((state.page - 1) * state.size),
    sort: state.sort,
    order: state.order,
  });
  if (state.search.trim()) p.set("search", state.search.trim());
  if (state.pipeline) p.set("pipeline_id", state.pipeline);
  if (state.stages.length) p.set("stage", state.stages.join(","));
  if (state.owner) p.set("assigned_member_id", state.owner);
  if (state.companyId) p.set("company_id", state.companyId);
  if (state.contactId) p.set("contact_id", state.contactId);
  const currency = listCurrency(state);
  if (currency) p.set("currency", currency);
  if (state.trash) p.set("deleted", "true");
  return p;
}
