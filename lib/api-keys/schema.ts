import { z } from "zod";
import { idPattern } from "@/lib/id-patterns";

/**
 * The API keys contract: create, the wire key and the list, shared by the route handlers, the
 * settings form, the OpenAPI document and the tests.
 */

export const API_KEY_ACCESS = ["read", "read_write"] as const;
export const API_KEY_SCOPES = ["workspace", "application"] as const;
export type ApiKeyAccess = (typeof API_KEY_ACCESS)[number];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The longest a key may live: a year and a day, so "one year from today" always fits. */
export const API_KEY_MAX_LIFETIME_DAYS = 366;

export const apiKeyCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1, "Name is required.").max(100, "At most 100 characters.").meta({ example: "Website form" }),
    access: z.enum(API_KEY_ACCESS).meta({ description: "`read`: every write answers 403. `read_write`: reads and writes." }),
    scope: z.enum(API_KEY_SCOPES).meta({
      description:
        "`workspace`: reads what a manager reads. `application`: reads only the records its application wrote (stamped with its `app_id`), and only deals, companies and contacts.",
    }),
    expires_at: z.iso
      .datetime({ offset: true, error: "Use an ISO 8601 date-time, e.g. 2027-06-30T00:00:00Z." })
      .refine((s) => Date.parse(s) > Date.now(), "Must be in the future.")
      .refine((s) => Date.parse(s) <= Date.now() + API_KEY_MAX_LIFETIME_DAYS * 86_400_000, `At most ${API_KEY_MAX_LIFETIME_DAYS} days from now.`)
      .nullable()
      .optional()
      .meta({ format: "date-time", description: "When the key stops working; omitted or null, it works until revoked." }),
    app_id: z
      .string()
      .regex(idPattern("application"), "Must be an application id (app_…).")
      .optional()
      .meta({
        description:
          "Another key for an application that already has one (to rotate a key without losing what the application wrote); omitted, the key gets a new application.",
      }),
  })
  .meta({ id: "ApiKeyCreate" });

export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ description: "The secret's first characters, to tell keys apart. The secret itself is never shown again." }),
    access: z.enum(API_KEY_ACCESS),
    scope: z.enum(API_KEY_SCOPES),
    app_id: z.string().meta({ description: "The application the key belongs to: records it writes carry this `app_id`." }),
    created_by: z.string(),
    created_by_name: z.string().nullable(),
    created_at: z.string(),
    last_used_at: z.string().nullable().meta({ description: "Updated at most once a minute." }),
    expires_at: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });

export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyCreatedSchema = z
  .object({
    api_key: apiKeySchema,
    secret: z.string().meta({ description: "Shown once: only its hash is stored.", example: "pipeline_sk_…" }),
  })
  .meta({ id: "ApiKeyCreated" });

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) }).meta({ id: "ApiKeyList" });

export const apiKeyParamsSchema = z.strictObject({
  id: z.string().meta({ description: "The key's id (key_…)." }),
});
