import { z } from "zod";
import { recordPageQuery, singleQueryValue } from "@/lib/companies/schema";
import { companyIdSchema, versionSchema } from "@/lib/deals/schema";

/**
 * The contacts contract: the people at companies whom deals involve. Shared by the route
 * handlers, forms, the OpenAPI document and the tests. Wire names are snake_case.
 */

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);

const writableContactFields = {
  first_name: z.string().trim().min(1, "First name is required.").max(100, "At most 100 characters."),
  last_name: text(100).nullable(),
  email: z
    .union([z.literal(""), z.string().trim().max(254, "At most 254 characters.").pipe(z.email("Not a valid email address."))])
    .nullable()
    .meta({ example: "hanako.suzuki@sakura-bussan.co.jp" }),
  phone: text(50).nullable(),
  title: text(200).nullable().meta({ description: "Job title", example: "購買部 部長" }),
  company_id: companyIdSchema.nullable().meta({ description: "The company this person works at (same workspace)." }),
  note: text(10000).nullable(),
};

export const contactCreateSchema = z
  .strictObject(writableContactFields)
  .partial()
  .required({ first_name: true })
  .meta({ id: "ContactCreate", description: "A new contact. Only `first_name` is required." });

export const contactUpdateSchema = z
  .strictObject({ ...writableContactFields, version: versionSchema })
  .partial()
  .meta({ id: "ContactUpdate", description: "Only the fields sent change." });

export const CONTACT_SORTS = ["name", "created_at", "updated_at"] as const;

export const contactListQuerySchema = z
  .strictObject({
    ...recordPageQuery,
    sort: singleQueryValue(z.enum(CONTACT_SORTS)).optional().default("name"),
    company_id: singleQueryValue(companyIdSchema).optional().meta({ description: "Only contacts of this company." }),
  })
  .meta({ id: "ContactListQuery" });

export type ContactCreateInput = z.infer<typeof contactCreateSchema>;
export type ContactUpdateInput = z.infer<typeof contactUpdateSchema>;
export type ContactListQuery = z.infer<typeof contactListQuerySchema>;

export const contactSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    company_id: z.string().nullable(),
    company_name: z.string().nullable(),
    first_name: z.string(),
    last_name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    title: z.string().nullable(),
    note: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    created_by: z.string().nullable(),
    updated_by: z.string().nullable(),
    is_deleted: z.boolean(),
    deleted_at: z.string().nullable(),
    deleted_by: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Contact" });
export type Contact = z.infer<typeof contactSchema>;

export const contactListResponseSchema = z
  .object({
    items: z.array(contactSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .meta({ id: "ContactList" });
export type ContactListResponse = z.infer<typeof contactListResponseSchema>;
