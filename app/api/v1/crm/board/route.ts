import { withApi } from "@/lib/api/handler";
import { boardQuerySchema, getBoard } from "@/lib/deals/board";
import { getDb } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";

/** GET /api/v1/crm/board: columns with counts, per-currency totals and the first page of cards. */
export const GET = withApi({ query: boardQuerySchema }, async ({ caller, query }) => getBoard(getDb(), caller, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
