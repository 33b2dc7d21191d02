import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import { type BoardFilters, boardApiParams } from "@/lib/deals/board-filters";
import { appendPage, type BoardColumn, type BoardData, normalizeColumns } from "@/lib/deals/board-math";
import type { Stage } from "@/lib/deals/stages";
import { dealKeys } from "./keys";

/**
 * The board's read model as the browser fetches it: one react-query entry per filter set
 * holding all six columns, with however many pages of each have been loaded. Hook-free, so the
 * board page prefetches into the same key; the hooks are in use-board.ts.
 */

export const BOARD_PAGE_SIZE = 50;
const BOARD_URL = "/api/v1/crm/board";
/** Reloading a column refetches at most this many cards; deeper ones come back with scrolling. */
const REFETCH_DEPTH_MAX = 400;

export const boardKey = (filters: BoardFilters) => dealKeys.board({ ...filters });

function boardUrl(filters: BoardFilters, extra: Record<string, string> = {}): string {
  const params = boardApiParams(filters);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const qs = params.toString();
  return qs ? `${BOARD_URL}?${qs}` : BOARD_URL;
}

/** The next page of one column, after `cursor`. */
export async function fetchBoardColumnPage(filters: BoardFilters, stage: Stage, cursor: string, perStage = BOARD_PAGE_SIZE, signal?: AbortSignal): Promise<BoardColumn> {
  const page = await apiFetch<BoardData>(boardUrl(filters, { stage, cursor, per_stage: String(perStage) }), { signal });
  return page.columns[0];
}

/**
 * Fetches the board. When `previous` had scrolled deeper into a column than the first page, that
 * depth is reloaded too (page by page, capped), so a refresh does not yank cards from under the
 * user's scroll position.
 */
export async function fetchBoard(filters: BoardFilters, previous: BoardData | undefined, signal?: AbortSignal): Promise<BoardData> {
  const fresh = await apiFetch<BoardData>(boardUrl(filters, { per_stage: String(BOARD_PAGE_SIZE) }), { signal });
  let board: BoardData = { pipeline: fresh.pipeline, columns: normalizeColumns(fresh.columns, fresh.pipeline.stages) };
  if (!previous) return board;
  // Another pipeline's columns are not this one's to reload.
  if (previous.pipeline.id !== board.pipeline.id) return board;
  for (const before of previous.columns) {
    const want = Math.min(before.items.length, REFETCH_DEPTH_MAX);
    let column = board.columns.find((c) => c.stage === before.stage)!;
    while (column.next_cursor && column.items.length < want) {
      const page = await fetchBoardColumnPage(filters, column.stage, column.next_cursor, Math.min(200, want - column.items.length), signal);
      board = appendPage(board, column.stage, page);
      column = board.columns.find((c) => c.stage === before.stage)!;
    }
  }
  return board;
}

export const boardQuery = (filters: BoardFilters) =>
  queryOptions({
    queryKey: boardKey(filters),
    queryFn: ({ signal, client }) => fetchBoard(filters, client.getQueryData<BoardData>(boardKey(filters)), signal),
    placeholderData: keepPreviousData,
  });
