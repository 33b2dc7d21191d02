import { z } from "zod";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { retryDelivery } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string(), deliveryId: z.string() });

/** 202: the delivery is due again now, with a fresh round of attempts. */
export const POST = withApi({ params }, async ({ caller, params }) =>
  json({ delivery: await retryDelivery(getDb(), caller, params.id, params.deliveryId) }, { status: 202 }),
);

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
