"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Pipeline } from "@/lib/pipelines/model";
import type { PipelineCreateInput, PipelineDeleteInput, PipelineUpdateInput } from "@/lib/pipelines/schema";
import { dealKeys, pipelineKeys } from "./keys";
import { pipelinesApi, pipelinesQuery } from "./pipelines";

/** The workspace's pipelines (the layout hands the first read over from the server). */
export function usePipelines() {
  return useQuery(pipelinesQuery());
}

/** One pipeline by id, or the default one when `id` is undefined or unknown. */
export function usePipeline(id: string | null | undefined): Pipeline | undefined {
  const { data } = usePipelines();
  return useMemo(() => data?.find((p) => p.id === id) ?? data?.find((p) => p.is_default), [data, id]);
}

/** After a pipeline changes, the pipelines and every deal view (boards, lists, records) are out of date. */
function usePipelineWrite<V, R>(write: (vars: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSettled: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: pipelineKeys.all }), client.invalidateQueries({ queryKey: dealKeys.all })]);
    },
  });
}

export const useCreatePipeline = () => usePipelineWrite((body: PipelineCreateInput) => pipelinesApi.create(body));
export const useUpdatePipeline = () =>
  usePipelineWrite(({ id, version, body }: { id: string; version: number; body: PipelineUpdateInput }) => pipelinesApi.update(id, version, body));
export const useDeletePipeline = () =>
  usePipelineWrite(({ id, version, body }: { id: string; version: number; body?: PipelineDeleteInput }) => pipelinesApi.remove(id, version, body));
