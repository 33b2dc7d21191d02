import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { taskListQuerySchema } from "@/lib/deals/schema";
import { listTasks } from "@/lib/deals/tasks";

export const dynamic = "force-dynamic";

/**
 * `{ items, limit, next_cursor }`: tasks across the deals the caller can see, with each deal's
 * name, stage and owner, by due (undated last). `assignee=me|<member id>`,
 * `status=open|overdue|done`, `due_before`, `due_after`, `deal_id`, `cursor`.
 */
export const GET = withApi({ query: taskListQuerySchema }, async ({ caller, query }) => listTasks(getDb(), caller, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
