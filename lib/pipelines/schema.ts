import { z } from "zod";
import { idPattern } from "@/lib/id-patterns";
import { stageSchema, versionSchema } from "@/lib/deals/schema";
import { LOST_STAGE, MAX_ROTTING_DAYS, MAX_STAGES, STAGE_KINDS, WON_STAGE } from "./model";

/**
 * The pipelines contract: a pipeline and its stages on the wire, and what a manager sends to
 * create, change or delete one. Shared by the route handlers, the settings page, the OpenAPI
 * document and the tests.
 */

export const pipelineIdSchema = z
  .string()
  .regex(idPattern("pipeline"), "Not a pipeline id.")
  .meta({ description: "A pipeline id (`pipe_…`).", example: "pipe_01JDX3QW6Y2M8R5T7V9B1C3D5F" });

/** A stage id (deals/schema.ts `stageSchema`). */
export const stageKeySchema = stageSchema;

const stageName = z.string().trim().min(1, "Name is required.").max(60, "At most 60 characters.");
const probability = z.number().int("Must be a whole number.").min(0).max(100);
const rottingDays = z
  .number()
  .int("Must be a whole number.")
  .min(1)
  .max(MAX_ROTTING_DAYS)
  .nullable()
  .meta({ description: "Days a deal may stay in this open stage before it shows as rotting; null: never." });

export const pipelineStageInputSchema = z
  .strictObject({
    id: stageKeySchema.optional().meta({ description: "Kept when given; derived from the name for a new stage when left out." }),
    name: stageName,
    kind: z.enum(STAGE_KINDS).optional().meta({ description: `Follows the id: \`${WON_STAGE}\` is won, \`${LOST_STAGE}\` lost, every other stage open.` }),
    probability: probability.optional().meta({ description: "Win probability a deal gets when it enters the stage (0–100). Default: spread evenly over the open stages; Won 100, Lost 0." }),
    rotting_days: rottingDays.optional(),
  })
  .meta({ id: "PipelineStageInput" });

const stageList = z
  .array(pipelineStageInputSchema)
  .min(1, "A pipeline needs at least one open stage.")
  .max(MAX_STAGES, `At most ${MAX_STAGES} stages.`)
  .meta({
    description: `Open stages in board order, then \`${WON_STAGE}\` and \`${LOST_STAGE}\` (appended with their defaults when left out).`,
  });

const pipelineName = z.string().trim().min(1, "Name is required.").max(80, "At most 80 characters.");

export const pipelineCreateSchema = z
  .strictObject({
    name: pipelineName,
    stages: stageList.optional().meta({ description: "Default: the six stages of the default pipeline." }),
    is_default: z.boolean().optional().meta({ description: "Make it the workspace's default pipeline." }),
  })
  .meta({ id: "PipelineCreate" });

/** Where the deals of removed stages go: one stage for all, or per removed stage. */
const moveDealsToStage = z
  .union([stageKeySchema, z.record(stageKeySchema, stageKeySchema)])
  .meta({ description: "Required when a removed stage still holds deals: an open stage of the new list for all of them, or `{ removed_stage: target_stage }`." });

export const pipelineUpdateSchema = z
  .strictObject({
    name: pipelineName.optional(),
    is_default: z.literal(true).optional().meta({ description: "Make this the default pipeline (the former default stops being it)." }),
    position: z.number().int().min(0).max(1000).optional().meta({ description: "Order among the workspace's pipelines (0 first)." }),
    stages: stageList
      .optional()
      .meta({ description: "The whole new stage list (add, rename, reorder, change probability or rotting days; a stage left out is removed). A kept stage (by `id`) that leaves out `probability` or `rotting_days` keeps its own." }),
    move_deals_to: moveDealsToStage.optional(),
    version: versionSchema.optional(),
  })
  .meta({ id: "PipelineUpdate" });

export const pipelineDeleteSchema = z
  .strictObject({
    move_deals_to: z
      .strictObject({ pipeline_id: pipelineIdSchema, stage: stageKeySchema })
      .optional()
      .meta({ description: "Required when the pipeline still holds deals (live or in the trash): an open stage of another pipeline." }),
  })
  .meta({ id: "PipelineDelete" });

export type PipelineCreateInput = z.infer<typeof pipelineCreateSchema>;
export type PipelineUpdateInput = z.infer<typeof pipelineUpdateSchema>;
export type PipelineDeleteInput = z.infer<typeof pipelineDeleteSchema>;

export const pipelineStageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(STAGE_KINDS),
    probability: z.number().int(),
    rotting_days: z.number().int().nullable(),
    position: z.number().int(),
  })
  .meta({ id: "PipelineStage" });

export const pipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    is_default: z.boolean(),
    position: z.number().int(),
    stages: z.array(pipelineStageSchema),
    created_at: z.string(),
    updated_at: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Pipeline" });

export const pipelineListResponseSchema = z.object({ items: z.array(pipelineSchema) }).meta({ id: "PipelineList" });
