import { etag } from "@/lib/api/etag";
import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { getDb } from "@/lib/db";
import { dealCreateSchema, dealListQuerySchema } from "@/lib/deals/schema";
import { createDeal, listDeals } from "@/lib/deals/service";

export const dynamic = "force-dynamic";

/** `{ items, total, limit, offset, next_cursor }` */
export const GET = withApi({ query: dealListQuerySchema }, async ({ caller, query }) => listDeals(getDb(), caller, query));

/** 201 `{ deal }`; an Idempotency-Key makes retries safe. */
export const POST = withApi({ body: dealCreateSchema }, async ({ caller, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller.tenantId, "deals", body), async (trx) => {
    const deal = await createDeal(trx, caller, body);
    return {
      status: 201,
      body: { deal },
      headers: { etag: etag(deal.version), location: `/api/v1/crm/deals/${deal.id}` },
    };
  }),
);
