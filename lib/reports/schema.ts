import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";
import { stageSchema } from "@/lib/deals/schema";

/**
 * The manager's pipeline report. Money is always per currency: amounts in different currencies
 * are never added together, so every money figure is a list of `{ currency, ... }` entries.
 */

const money = z.number().meta({ description: "In the entry's currency (major units, e.g. yen or dollars)." });

export const currencyTotalsSchema = z.object({
  currency: z.string(),
  count: z.number().int(),
  amount: money,
  weighted: money.meta({ description: "Sum of amount × probability / 100." }),
});

// Unknown parameters are a 400, like everywhere else.
export const pipelineReportQuerySchema = z
  .strictObject({
    pipeline_id: singleQueryValue(z.string().max(64))
      .optional()
      .meta({ description: "Only this pipeline's deals; default: every pipeline, each under `pipelines`." }),
  })
  .meta({ id: "PipelineReportQuery" });

const reportStageSchema = z.object({
  stage: stageSchema,
  name: z.string().meta({ description: "The stage's name in its pipeline." }),
  count: z.number().int().meta({ description: "Live deals in the stage, all currencies." }),
  totals: z.array(currencyTotalsSchema),
});

export const pipelineReportSchema = z
  .object({
    as_of: z.string().meta({ description: "The day the report was computed for (YYYY-MM-DD)." }),
    generated_at: z.string(),
    currencies: z.array(z.string()).meta({ description: "Currencies present, the one with the most open deals first." }),
    pipeline_id: z.string().nullable().meta({ description: "The pipeline the report covers; null: every pipeline." }),
    stages: z
      .array(reportStageSchema)
      .meta({ description: "The stages of the report's pipeline in board order (the default pipeline's when it covers every pipeline; `pipelines` has each one's)." }),
    pipelines: z
      .array(
        z.object({
          pipeline_id: z.string(),
          name: z.string(),
          is_default: z.boolean(),
          stages: z.array(reportStageSchema),
        }),
      )
      .meta({ description: "Each pipeline the report covers, with its stages' totals in board order." }),
    open: z.array(currencyTotalsSchema).meta({ description: "All open deals (every stage but won and lost)." }),
    forecast: z
      .array(
        z.object({
          bucket: z.string().meta({ description: "`YYYY-MM` of the expected close; `overdue` for earlier months; `undated` for none." }),
          currency: z.string(),
          count: z.number().int(),
          amount: money,
          weighted: money,
        }),
      )
      .meta({ description: "Open deals by expected close month." }),
    closed: z
      .object({
        window_days: z.number().int(),
        from: z.string(),
        to: z.string(),
        won_count: z.number().int(),
        lost_count: z.number().int(),
        win_rate: z.number().nullable().meta({ description: "won / (won + lost) by count, 0–1; null when nothing closed." }),
        by_currency: z.array(
          z.object({
            currency: z.string(),
            won_count: z.number().int(),
            won_amount: money,
            average_won_amount: money.nullable(),
            lost_count: z.number().int(),
            lost_amount: money,
          }),
        ),
      })
      .meta({ description: "Deals closed (actual close date) within the window ending today." }),
    owners: z.array(
      z.object({
        member_id: z.string().nullable().meta({ description: "null: deals nobody owns." }),
        name: z.string(),
        role: z.string().nullable(),
        open_count: z.number().int(),
        open: z.array(currencyTotalsSchema),
        won_this_quarter: z.array(z.object({ currency: z.string(), count: z.number().int(), amount: money })),
      }),
    ),
    quarter: z.object({ from: z.string(), to: z.string() }),
    attention: z
      .object({
        total: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            pipeline_id: z.string(),
            deal_number: z.string(),
            name: z.string(),
            stage: stageSchema,
            amount: z.number().nullable(),
            currency: z.string(),
            company_name: z.string().nullable(),
            assigned_member_id: z.string().nullable(),
            assigned_member_name: z.string().nullable(),
            expected_close_date: z.string().nullable(),
            next_followup_date: z.string().nullable(),
            days_in_stage: z.number().int(),
            reasons: z.array(z.enum(["close_overdue", "followup_overdue", "idle_in_stage"])),
          }),
        ),
      })
      .meta({ description: "Open deals past their expected close, with a missed follow-up, or idle in their stage; oldest close first." }),
  })
  .meta({ id: "PipelineReport" });

export type PipelineReport = z.infer<typeof pipelineReportSchema>;
export type CurrencyTotals = z.infer<typeof currencyTotalsSchema>;
