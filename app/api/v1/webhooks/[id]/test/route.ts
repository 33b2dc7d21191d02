import { z } from "zod";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { sendTestEvent } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** 202: a `webhook.test` event is queued for this endpoint; its delivery is in the answer. */
export const POST = withApi({ params }, async ({ caller, params }) => json({ delivery: await sendTestEvent(getDb(), caller, params.id) }, { status: 202 }));

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
