import { z } from "zod";
import { etag, expectedVersion } from "@/lib/api/etag";
import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { getDb } from "@/lib/db";
import { dealStageMoveSchema } from "@/lib/deals/schema";
import { moveDealStage } from "@/lib/deals/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200) });

/** Move to a stage and/or place within the column: `{ deal }`. */
export const POST = withApi({ params, body: dealStageMoveSchema }, async ({ caller, params, body, req }) => {
  const version = expectedVersion(req, body.version);
  return runIdempotent(getDb(), idempotencyFor(req, caller.tenantId, "deals", body), async (trx) => {
    const deal = await moveDealStage(trx, caller, params.id, body, version);
    return { status: 200, body: { deal }, headers: { etag: etag(deal.version) } };
  });
});
