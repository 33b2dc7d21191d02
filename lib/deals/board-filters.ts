/**
 * The board's filter state as it lives in the page URL (`/board?pipeline=pipe_…&q=acme&owner=me&from=…&to=…`),
 * and its translation to the board endpoint's query. Pure and dependency-free so the browser
 * bundle stays small; the endpoint validates the translated query with zod.
 */
export interface BoardFilters {
  /** The pipeline shown: a pipeline id, or "" for the workspace's default pipeline. Not a filter: the board's subject. */
  pipeline: string;
  /** Search in the deal name and number, company, contact names and tags (case- and width-insensitive). */
  q: string;
  /** "" (everyone), "me", "none" (unassigned) or a member id. */
  owner: string;
  /** Expected close date range, YYYY-MM-DD or "". */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: BoardFilters = { pipeline: "", q: "", owner: "", from: "", to: "" };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written as YYYY-MM-DD (2026-02-30 is not). */
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
const OWNER = /^(me|none|usr_[0-9A-HJKMNP-TV-Z]{26})$/;
const PIPELINE = /^pipe_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Reads filters from URL search params, dropping values the API would refuse. */
export function filtersFromSearchParams(params: URLSearchParams | Record<string, string | string[] | undefined>): BoardFilters {
  const get = (key: string): string => {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    return (value ?? "").trim();
  };
  const q = get("q").slice(0, 200);
  const owner = get("owner");
  let from = isCalendarDate(get("from")) ? get("from") : "";
  let to = isCalendarDate(get("to")) ? get("to") : "";
  // A reversed range is read the way it was meant.
  if (from && to && from > to) [from, to] = [to, from];
  const pipeline = get("pipeline");
  return { pipeline: PIPELINE.test(pipeline) ? pipeline : "", q, owner: OWNER.test(owner) ? owner : "", from, to };
}

/** The URL query string for filters (empty values omitted, stable key order). */
export function filtersToSearchParams(filters: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.pipeline) params.set("pipeline", filters.pipeline);
  if (filters.q) params.set("q", filters.q);
  if (filters.owner) params.set("owner", filters.owner);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  return params;
}

export function hasActiveFilters(filters: BoardFilters): boolean {
  return Boolean(filters.q || filters.owner || filters.from || filters.to);
}

/** The board endpoint's query parameters for these filters. */
export function boardApiParams(filters: BoardFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.pipeline) params.set("pipeline_id", filters.pipeline);
  if (filters.q) params.set("search", filters.q);
  if (filters.owner) params.set("assigned_member_id", filters.owner);
  if (filters.from) params.set("expected_close_from", filters.from);
  if (filters.to) params.set("expected_close_to", filters.to);
  return params;
}
