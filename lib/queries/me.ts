import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Actor, DealVisibility } from "@/lib/permissions";
import { meKeys } from "./keys";

/** The signed-in person as the browser reads them (hook-free; the hook is in use-me.ts). */

/** GET /api/v1/me (the `Me` schema of the OpenAPI document). */
interface MeResponse {
  user: { id: string; name: string };
  tenant: { deal_visibility: DealVisibility };
  is_manager: boolean;
}

/** The signed-in person as lib/permissions.ts's `Actor`, with their name. */
export type Me = Actor & { id: string; name: string };

export const meQuery = () =>
  queryOptions({
    queryKey: meKeys.all,
    queryFn: ({ signal }) =>
      apiFetch<MeResponse>("/api/v1/me", { signal }).then(
        (r): Me => ({ id: r.user.id, userId: r.user.id, name: r.user.name, isManager: r.is_manager, dealVisibility: r.tenant.deal_visibility }),
      ),
    staleTime: Infinity,
  });
