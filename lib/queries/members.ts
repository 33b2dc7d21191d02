import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Member } from "@/lib/members";
import { memberKeys } from "./keys";

/** The workspace's members as the browser reads them (hook-free; the hook is in use-members.ts). */

export type { Member };

export const membersQuery = () =>
  queryOptions({
    queryKey: memberKeys.all,
    queryFn: ({ signal }) => apiFetch<{ items: Member[] }>("/api/v1/crm/members", { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
