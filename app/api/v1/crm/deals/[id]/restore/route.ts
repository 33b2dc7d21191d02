import { z } from "zod";
import { etag } from "@/lib/api/etag";
import { json, withApi } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { restoreDeal } from "@/lib/deals/service";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200) });

/** Undo a soft delete: `{ deal }`. 409 `not_deleted` if the deal is not in the trash. */
export const POST = withApi({ params }, async ({ caller, params }) => {
  const deal = await restoreDeal(getDb(), caller, params.id);
  return json({ deal }, { headers: { etag: etag(deal.version) } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
