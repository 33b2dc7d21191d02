import { z } from "zod";
import { etag, expectedVersion } from "@/lib/api/etag";
import { json, withApiDeferredCaller } from "@/lib/api/handler";
import { idempotencyFor, idempotencyKeyFrom, runIdempotent } from "@/lib/api/idempotency";
import { getDb } from "@/lib/db";
import { dealStageMoveSchema } from "@/lib/deals/schema";
import { dealBody } from "@/lib/deals/serialize";
import { moveDealStage, moveDealStageAs } from "@/lib/deals/service";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200) });

/**
 * Move to a stage and/or place within the column: `{ deal }`. Without an Idempotency-Key the
 * move is optimistic and its first statement resolves the caller too (two round trips,
 * `moveDealStageAs`), and the written deal's stored JSON goes out as is; with one, it runs in the
 * key's transaction under the row lock.
 */
export const POST = withApiDeferredCaller({ params, body: dealStageMoveSchema }, async ({ auth, params, body, req }) => {
  const version = expectedVersion(req, body.version);
  if (idempotencyKeyFrom(req.headers) === undefined) {
    const deal = await moveDealStageAs(getDb(), auth, params.id, body, version);
    return json(dealBody(deal), { headers: { etag: etag(deal.version) } });
  }
  const caller = await auth.resolve();
  return runIdempotent(getDb(), idempotencyFor(req, caller, "deals", body), async (trx) => {
    const deal = await moveDealStage(trx, caller, params.id, body, version);
    return { status: 200, body: { deal }, headers: { etag: etag(deal.version) } };
  });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
