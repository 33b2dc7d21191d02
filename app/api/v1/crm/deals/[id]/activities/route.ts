import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { getDb } from "@/lib/db";
import { activityCreateSchema, activityListQuerySchema } from "@/lib/deals/schema";
import { addActivity, listActivities } from "@/lib/deals/service";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200) });

/** `{ activities, total }`, newest first; `page` (from 1) and `limit` (default 20, max 100). */
export const GET = withApi({ params, query: activityListQuerySchema }, async ({ caller, params, query }) =>
  listActivities(getDb(), caller, params.id, query),
);

/** 201 `{ activity }` with its `Location`: a note, call, email, meeting or task; an Idempotency-Key makes retries safe. */
export const POST = withApi({ params, body: activityCreateSchema }, async ({ caller, params, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller, "deals", body), async (trx) => {
    const activity = await addActivity(trx, caller, params.id, body);
    return { status: 201, body: { activity }, headers: { location: `/api/v1/crm/deals/${params.id}/activities/${activity.id}` } };
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
