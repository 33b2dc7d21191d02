import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";
import { idPattern } from "@/lib/id-patterns";
import { IMPORT_ENTITIES, IMPORT_FIELDS } from "./fields";

/** The CSV import contract: upload, mapping, progress and results. Wire names are snake_case. */

const ALL_FIELD_KEYS = [...new Set(Object.values(IMPORT_FIELDS).flatMap((fields) => fields.map((f) => f.key)))];

export const importEntitySchema = z.enum(IMPORT_ENTITIES).meta({ description: "What the file's rows are." });

export const importIdParamsSchema = z.strictObject({ id: z.string().regex(idPattern("import"), "Not an import id.") });

export const importUploadQuerySchema = z
  .strictObject({
    entity: singleQueryValue(importEntitySchema),
    file_name: singleQueryValue(z.string().trim().min(1).max(255)).optional().meta({ description: "The file's name, shown in the import list." }),
  })
  .meta({ id: "ImportUploadQuery" });

export const importMappingSchema = z
  .array(z.enum(ALL_FIELD_KEYS as [string, ...string[]]).nullable())
  .max(200)
  .meta({
    id: "ImportMapping",
    description: "For each column of the file, in order, the field it fills (null: not imported). Fields per entity: " +
      Object.entries(IMPORT_FIELDS).map(([entity, fields]) => `${entity}: ${fields.map((f) => `\`${f.key}\``).join(", ")}`).join("; ") + ".",
  });

export const importOptionsSchema = z
  .strictObject({
    mapping: importMappingSchema.optional(),
    create_missing: z.boolean().optional().meta({ description: "Create the companies and contacts that rows name but the workspace lacks (default true); otherwise such rows fail." }),
  })
  .meta({ id: "ImportOptions" });
export type ImportOptions = z.infer<typeof importOptionsSchema>;

const rowErrorSchema = z.object({
  line: z.number().int().meta({ description: "The line of the file the row starts on (the header is line 1)." }),
  field: z.string().meta({ description: "The import field at fault, or `row`." }),
  message: z.string(),
});

export const importSchema = z
  .object({
    id: z.string(),
    entity: importEntitySchema,
    status: z.enum(["draft", "queued", "running", "completed", "failed", "undone"]),
    file_name: z.string().nullable(),
    encoding: z.enum(["utf-8", "utf-8-bom", "shift_jis"]).meta({ description: "How the file was read: UTF-8 (with or without BOM), or Shift-JIS when it was not valid UTF-8." }),
    headers: z.array(z.string()),
    mapping: importMappingSchema,
    create_missing: z.boolean(),
    total_rows: z.number().int(),
    processed_rows: z.number().int(),
    created_rows: z.number().int(),
    failed_rows: z.number().int(),
    errors: z.array(rowErrorSchema).meta({ description: "Each failed row's problems (the first 5,000)." }),
    created_by: z.string(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    undone_at: z.string().nullable(),
    undoable_until: z.string().nullable().meta({ description: "Until when `undo` deletes what the import created (a day after it finished)." }),
  })
  .meta({ id: "Import" });
export type ImportView = z.infer<typeof importSchema>;

export const importPreviewSchema = z
  .object({
    rows: z.array(
      z.object({
        line: z.number().int(),
        values: z.record(z.string(), z.string()).meta({ description: "The mapped fields' text." }),
        errors: z.array(rowErrorSchema.omit({ line: true })),
      }),
    ),
    missing_fields: z.array(z.string()).meta({ description: "Required fields the mapping gives no column." }),
  })
  .meta({ id: "ImportPreview" });
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importEnvelopeSchema = z.object({ import: importSchema, preview: importPreviewSchema.optional() }).meta({ id: "ImportEnvelope" });
export const importListSchema = z.object({ items: z.array(importSchema) }).meta({ id: "ImportList" });
