import { z } from "zod";
import { etag, expectedVersion, notModified } from "@/lib/api/etag";
import { json, withApi, withApiDeferredCaller } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { dealGetQuerySchema, dealUpdateSchema } from "@/lib/deals/schema";
import { dealBody } from "@/lib/deals/serialize";
import { deleteDeal, getDealAs, updateDeal } from "@/lib/deals/service";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another tenant's deal.
const params = z.object({ id: z.string().max(200) });

// The hottest read: its one statement resolves the caller too, compiled once (lib/api/session.ts
// callerRead), and the deal's stored JSON goes out as is. `include_deleted=true` also finds a
// deal in the trash (the record page shows it with its Restore banner).
export const GET = withApiDeferredCaller({ params, query: dealGetQuerySchema }, async ({ auth, params, query, req }) => {
  const deal = await getDealAs(getDb(), auth, params.id, { includeDeleted: query.include_deleted });
  return notModified(req, deal.version) ?? json(dealBody(deal), { headers: { etag: etag(deal.version) } });
});

/** Only the fields sent change; If-Match or `version` guards against lost updates (409). */
export const PATCH = withApi({ params, body: dealUpdateSchema }, async ({ caller, params, body, req }) => {
  const deal = await updateDeal(getDb(), caller, params.id, body, expectedVersion(req, body.version));
  return json({ deal }, { headers: { etag: etag(deal.version) } });
});

/** Soft delete (managers or the deal's owner); `POST /restore` undoes it. */
export const DELETE = withApi({ params }, async ({ caller, params, req }) => {
  await deleteDeal(getDb(), caller, params.id, expectedVersion(req));
  return { success: true };
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
