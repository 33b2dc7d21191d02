import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";

/**
 * What the companies and contacts contracts share: optional trimmed text fields, the list page
 * query (limit/offset/search/order, same rules as the deals list), the stamps every versioned
 * record carries on the wire, and the list envelope.
 */

/** An optional text field: trimmed, at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

const RECORD_LIST_LIMIT_DEFAULT = 50;
const RECORD_LIST_LIMIT_MAX = 200;

/** limit/offset/search/order shared by the companies and contacts lists. */
export const recordPageQuery = {
  limit: singleQueryValue(z.coerce.number().int().min(1))
    .optional()
    .transform((n) => Math.min(n ?? RECORD_LIST_LIMIT_DEFAULT, RECORD_LIST_LIMIT_MAX))
    .meta({ description: `Page size, default ${RECORD_LIST_LIMIT_DEFAULT}; values above ${RECORD_LIST_LIMIT_MAX} are capped.` }),
  offset: singleQueryValue(z.coerce.number().int().min(0).max(10_000_000)).optional().default(0),
  search: singleQueryValue(z.string().trim().max(200))
    .optional()
    .meta({ description: "Partial match, case- and width-insensitive (Unicode NFKC, then lower case)." }),
  order: singleQueryValue(z.enum(["asc", "desc"])).optional().meta({ description: "Default `asc` for name, `desc` otherwise." }),
  deleted: singleQueryValue(z.enum(["true", "false"]))
    .optional()
    .transform((v) => v === "true")
    .meta({ description: "`true` lists the trash (soft-deleted records, restorable) instead of the live records." }),
};

/**
 * GET one record: `include_deleted=true` also finds it in the trash (the record page's Restore
 * banner). Other parameters are ignored, as they always were on these routes.
 */
export const recordGetQuery = (id: string) =>
  z
    .object({
      include_deleted: singleQueryValue(z.enum(["true", "false"])).optional().transform((v) => v === "true"),
    })
    .meta({ id });

/** The sort keys both lists offer. */
export const RECORD_SORTS = ["name", "created_at", "updated_at"] as const;

const timestamp = z.string();
const userRef = z.string().nullable();

/** The author, time and version stamps of a versioned, soft-deleted record, as the wire shows them. */
export const recordStamps = {
  created_at: timestamp,
  updated_at: timestamp,
  created_by: userRef,
  updated_by: userRef,
  is_deleted: z.boolean(),
  deleted_at: timestamp.nullable(),
  deleted_by: userRef,
  version: z.number().int(),
};

/** `{ items, total, limit, offset }`: a page of records. */
export const recordListResponse = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .meta({ id });
