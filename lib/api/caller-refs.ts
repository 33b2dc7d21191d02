import type { Expression } from "kysely";
import { type DealVisibility, seesAllDeals } from "@/lib/permissions";

/**
 * Who a scoped query answers, as values or as the caller lookup's columns (lib/api/session.ts
 * reads the caller and the records in one statement). Free of server-only imports, so the deals'
 * scope (lib/deals/scope.ts), which scripts load too, can build on it.
 */
export interface CallerRefs {
  tenantId: string | Expression<string>;
  userId: string | Expression<string>;
  /** `seesAllDeals(caller)` (lib/permissions.ts). */
  seesAllDeals: boolean | Expression<boolean>;
  /** An application-scoped key's application: only records stamped with it (null: no such restriction). */
  appScope?: string | null | Expression<string | null>;
}

/**
 * A resolved caller as values in the shape the lookup's columns have: an application-scoped key
 * sees only its application's records (and never "every deal"); anyone else as the workspace's
 * deal visibility says (lib/permissions.ts). The deals' scope (lib/deals/scope.ts) is this.
 */
export function callerRefsOf(caller: { tenantId: string; userId: string; isManager: boolean; dealVisibility: DealVisibility; appScope?: string | null }): CallerRefs {
  if (caller.appScope) return { tenantId: caller.tenantId, userId: caller.userId, seesAllDeals: false, appScope: caller.appScope };
  return { tenantId: caller.tenantId, userId: caller.userId, seesAllDeals: seesAllDeals(caller) };
}
