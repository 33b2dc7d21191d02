import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";
import { companyIdSchema, versionSchema } from "@/lib/deals/schema";
import { RECORD_SORTS, recordGetQuery, recordListResponse, recordPageQuery, recordStamps, text } from "@/lib/records/schema";

/**
 * The contacts contract: the people at companies whom deals involve. Shared by the route
 * handlers, forms, the OpenAPI document and the tests. Wire names are snake_case.
 */

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

export const contactListQuerySchema = z
  .strictObject({
    ...recordPageQuery,
    sort: singleQueryValue(z.enum(RECORD_SORTS)).optional().default("name"),
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
    ...recordStamps,
  })
  .meta({ id: "Contact" });
export type Contact = z.infer<typeof contactSchema>;

export const contactListResponseSchema = recordListResponse(contactSchema, "ContactList");
export type ContactListResponse = z.infer<typeof contactListResponseSchema>;

export const contactGetQuerySchema = recordGetQuery("ContactGetQuery");
