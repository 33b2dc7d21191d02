import { withApi } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listTenantMembers } from "@/lib/members";

export const dynamic = "force-dynamic";

/** The tenant's users, for owner pickers: `{ items: [{ id, name, email, role }] }`. */
export const GET = withApi({}, async ({ caller }) => ({ items: await listTenantMembers(getDb(), caller.tenantId) }));
