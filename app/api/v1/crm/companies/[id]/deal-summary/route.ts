import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { companyDealSummary } from "@/lib/companies/deals";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** `{ summary }`: the company's deals the caller can see, counted, and the open ones' totals per currency. */
export const GET = withApi({ params }, async ({ caller, params }) => ({ summary: await companyDealSummary(getDb(), caller, params.id) }));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
