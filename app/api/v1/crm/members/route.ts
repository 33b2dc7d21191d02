import { withApi } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listTenantMembers } from "@/lib/members";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** The tenant's users, for owner pickers: `{ items: [{ id, name, email, role }] }`. */
export const GET = withApi({}, async ({ caller }) => ({ items: await listTenantMembers(getDb(), caller) }));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
