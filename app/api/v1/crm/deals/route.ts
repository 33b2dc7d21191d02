import { etag } from "@/lib/api/etag";
import { withApi, withApiDeferredCaller } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { getDb } from "@/lib/db";
import { dealCreateSchema, dealListQuerySchema } from "@/lib/deals/schema";
import { createDeal, listDealsAs } from "@/lib/deals/service";
import { otherMethods } from "@/lib/api/methods";
import { dealsCsv } from "@/lib/exports/lists";
import { listFormat } from "@/lib/exports/stream";

export const dynamic = "force-dynamic";

/** `{ items, total, limit, offset, next_cursor }`; with `Accept: text/csv`, every matching deal as a streamed CSV download. */
// Common pages resolve the caller in their one statement (lib/deals/list.ts listDealsAs).
export const GET = withApiDeferredCaller({ query: dealListQuerySchema }, async ({ auth, query, req }) =>
  listFormat(req.headers.get("accept")) === "csv" ? dealsCsv(getDb(), await auth.resolve(), query) : listDealsAs(getDb(), auth, query),
);

/** 201 `{ deal }`; an Idempotency-Key makes retries safe. */
export const POST = withApi({ body: dealCreateSchema }, async ({ caller, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller, "deals", body), async (trx) => {
    const deal = await createDeal(trx, caller, body);
    return {
      status: 201,
      body: { deal },
      headers: { etag: etag(deal.version), location: `/api/v1/crm/deals/${deal.id}` },
    };
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
