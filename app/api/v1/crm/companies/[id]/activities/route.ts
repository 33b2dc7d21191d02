import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { listCompanyActivities } from "@/lib/companies/deals";
import { getDb } from "@/lib/db";
import { activityListQuerySchema } from "@/lib/deals/schema";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** `{ activities, total }`: one timeline of the company's deals (those the caller can see), newest first; `page` and `limit` as on a deal's. */
export const GET = withApi({ params, query: activityListQuerySchema }, async ({ caller, params, query }) =>
  listCompanyActivities(getDb(), caller, params.id, query),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
