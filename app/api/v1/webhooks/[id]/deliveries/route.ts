import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { listDeliveries } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** The endpoint's newest deliveries: status, attempts, last answer, next retry. */
export const GET = withApi({ params }, async ({ caller, params }) => ({ items: await listDeliveries(getDb(), caller, params.id) }));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
