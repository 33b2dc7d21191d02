/**
 * react-query key factories, one per resource. The deal keys are shared by the board, list and
 * detail entries so that a change in one invalidates the others (e.g. `dealKeys.all` after any
 * write).
 */
export const dealKeys = {
  all: ["deals"] as const,
  lists: () => [...dealKeys.all, "list"] as const,
  list: (query: Record<string, string>) => [...dealKeys.lists(), query] as const,
  boards: () => [...dealKeys.all, "board"] as const,
  board: (filters: Record<string, string>) => [...dealKeys.boards(), filters] as const,
  details: () => [...dealKeys.all, "detail"] as const,
  detail: (id: string) => [...dealKeys.details(), id] as const,
  activities: (id: string) => [...dealKeys.all, "activities", id] as const,
  moves: () => [...dealKeys.all, "move"] as const,
};

export const memberKeys = { all: ["members"] as const };
/** Task lists across deals (the Today page, its counts in the navigation). */
export const taskKeys = { all: ["tasks"] as const, list: (query: Record<string, string>) => ["tasks", "list", query] as const, today: () => ["tasks", "today"] as const };
export const pipelineKeys = { all: ["pipelines"] as const };
export const meKeys = { all: ["me"] as const };

export const companyKeys = {
  all: ["companies"] as const,
  search: (search: string) => [...companyKeys.all, "list", search] as const,
  detail: (id: string) => [...companyKeys.all, "detail", id] as const,
  /** A page of the /companies screen. */
  page: (params: Record<string, string>) => [...companyKeys.all, "page", params] as const,
  /** The record page's company (also from the trash), its deals' figures and timeline. */
  record: (id: string) => [...companyKeys.all, "record", id] as const,
  summary: (id: string) => [...companyKeys.all, "summary", id] as const,
  activities: (id: string) => [...companyKeys.all, "activities", id] as const,
};

export const contactKeys = {
  all: ["contacts"] as const,
  search: (search: string, companyId: string | null) => [...contactKeys.all, "list", search, companyId] as const,
  detail: (id: string) => [...contactKeys.all, "detail", id] as const,
  page: (params: Record<string, string>) => [...contactKeys.all, "page", params] as const,
  record: (id: string) => [...contactKeys.all, "record", id] as const,
};

export const webhookKeys = {
  all: ["webhooks"] as const,
  deliveries: (id: string) => [...webhookKeys.all, "deliveries", id] as const,
};
