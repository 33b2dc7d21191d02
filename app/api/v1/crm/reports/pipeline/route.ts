import { z } from "zod";
import { withApi } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { pipelineReport } from "@/lib/reports/pipeline";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

// No parameters: unknown ones are a 400, like everywhere else.
const query = z.strictObject({});

/** The manager's pipeline report (owners and admins only). */
export const GET = withApi({ query }, async ({ caller }) => pipelineReport(getDb(), caller));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
