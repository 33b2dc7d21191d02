import { withApi } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { pipelineReport } from "@/lib/reports/pipeline";
import { pipelineReportQuerySchema } from "@/lib/reports/schema";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** The manager's pipeline report (owners and admins only). */
export const GET = withApi({ query: pipelineReportQuerySchema }, async ({ caller, query }) =>
  pipelineReport(getDb(), caller, { pipelineId: query.pipeline_id }),
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
