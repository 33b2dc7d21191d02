import { queryOptions } from "@tanstack/react-query";
import { apiFetch, newIdempotencyKey } from "@/lib/api-client";
import type { Pipeline } from "@/lib/pipelines/model";
import type { PipelineCreateInput, PipelineDeleteInput, PipelineUpdateInput } from "@/lib/pipelines/schema";
import { pipelineKeys } from "./keys";

/** The workspace's pipelines as the browser reads and changes them (hook-free; hooks in use-pipelines.ts). */

export const pipelinesQuery = () =>
  queryOptions({
    queryKey: pipelineKeys.all,
    queryFn: ({ signal }) => apiFetch<{ items: Pipeline[] }>("/api/v1/crm/pipelines", { signal }).then((r) => r.items),
    staleTime: 60_000,
  });

const path = (id: string) => `/api/v1/crm/pipelines/${encodeURIComponent(id)}`;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

export const pipelinesApi = {
  create: (body: PipelineCreateInput) =>
    apiFetch<{ pipeline: Pipeline }>("/api/v1/crm/pipelines", { method: "POST", body, headers: { "idempotency-key": newIdempotencyKey() } }).then((r) => r.pipeline),
  update: (id: string, version: number, body: PipelineUpdateInput) =>
    apiFetch<{ pipeline: Pipeline }>(path(id), { method: "PATCH", body, headers: ifMatch(version) }).then((r) => r.pipeline),
  remove: (id: string, version: number, body: PipelineDeleteInput = {}) =>
    apiFetch<{ success: true }>(path(id), { method: "DELETE", body, headers: ifMatch(version) }),
};
