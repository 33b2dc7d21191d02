import type { DealListQuery } from "@/lib/deals/schema";

/**
 * react-query key factory for deals, shared by the board, list and detail views so that a
 * change in one invalidates the others (e.g. `dealKeys.all` after any write).
 */
export const dealKeys = {
  all: ["deals"] as const,
  lists: () => [...dealKeys.all, "list"] as const,
  list: (filters: Partial<DealListQuery> | Record<string, unknown>) => [...dealKeys.lists(), filters] as const,
  boards: () => [...dealKeys.all, "board"] as const,
  board: (filters: Record<string, unknown>) => [...dealKeys.boards(), filters] as const,
  details: () => [...dealKeys.all, "detail"] as const,
  detail: (id: string) => [...dealKeys.details(), id] as const,
  activities: (id: string) => [...dealKeys.all, "activities", id] as const,
};

export const memberKeys = { all: ["members"] as const };
export const companyKeys = { all: ["companies"] as const, list: (search: string) => ["companies", "list", search] as const };
export const contactKeys = { all: ["contacts"] as const, list: (search: string) => ["contacts", "list", search] as const };
