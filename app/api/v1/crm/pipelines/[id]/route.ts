import { z } from "zod";
import { etag, expectedVersion, notModified } from "@/lib/api/etag";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { pipelineDeleteSchema, pipelineUpdateSchema } from "@/lib/pipelines/schema";
import { deletePipeline, getPipeline, updatePipeline } from "@/lib/pipelines/service";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another workspace's.
const params = z.object({ id: z.string() });

export const GET = withApi({ params }, async ({ caller, params, req }) => {
  const pipeline = await getPipeline(getDb(), caller, params.id);
  return notModified(req, pipeline.version) ?? json({ pipeline }, { headers: { etag: etag(pipeline.version) } });
});

/** Rename, reorder, make default, replace the stage list (managers; If-Match or `version` guards it). */
export const PATCH = withApi({ params, body: pipelineUpdateSchema }, async ({ caller, params, body, req }) => {
  const pipeline = await updatePipeline(getDb(), caller, params.id, body, expectedVersion(req, body.version));
  return json({ pipeline }, { headers: { etag: etag(pipeline.version) } });
});

/** A pipeline other than the default (managers); its deals go to `move_deals_to`, or 409. */
export const DELETE = withApi({ params, body: pipelineDeleteSchema, bodyOptional: true }, async ({ caller, params, body, req }) => {
  await deletePipeline(getDb(), caller, params.id, body ?? {}, expectedVersion(req));
  return { success: true };
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
