import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { getActivity } from "@/lib/deals/service";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().max(200), activityId: z.string().max(200) });

/** `{ activity }`: one entry of a live deal's timeline (where POST …/activities' `Location` points). */
export const GET = withApi({ params }, async ({ caller, params }) => ({ activity: await getActivity(getDb(), caller, params.id, params.activityId) }));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
