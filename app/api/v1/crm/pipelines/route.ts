import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { etag } from "@/lib/api/etag";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { pipelineCreateSchema } from "@/lib/pipelines/schema";
import { createPipeline, listPipelines } from "@/lib/pipelines/service";

export const dynamic = "force-dynamic";

/** The workspace's pipelines in order, each with its stages. Everyone may read them. */
export const GET = withApi({}, async ({ caller }) => ({ items: await listPipelines(getDb(), caller) }));

/** 201 `{ pipeline }` (managers); the six default stages unless `stages` is sent. */
export const POST = withApi({ body: pipelineCreateSchema }, async ({ caller, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller, "pipelines", body), async (trx) => {
    const pipeline = await createPipeline(trx, caller, body);
    return { status: 201, body: { pipeline }, headers: { etag: etag(pipeline.version), location: `/api/v1/crm/pipelines/${pipeline.id}` } };
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
