import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";
import { activitySchema, versionSchema } from "@/lib/deals/schema";
import { RECORD_SORTS, recordGetQuery, recordListResponse, recordPageQuery, recordStamps, text } from "@/lib/records/schema";

/**
 * The companies contract: create, update, list query and the wire Company, shared by the route
 * handlers, forms, the OpenAPI document and the tests. Wire names are snake_case.
 */

/** A host name in lower case: dot-separated labels of letters, digits and inner hyphens, ending in an alphabetic (or xn--) label; or empty. */
const DOMAIN_PATTERN = /^$|^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const writableCompanyFields = {
  name: z.string().trim().min(1, "Name is required.").max(200, "At most 200 characters."),
  domain: text(254)
    // Domain names are case-insensitive (RFC 4343): stored in lower case, without the root's trailing dot.
    .transform((d) => d.toLowerCase().replace(/\.$/, ""))
    .pipe(z.string().regex(DOMAIN_PATTERN, "Use a domain name such as example.co.jp (no scheme, path or spaces; Unicode names in their xn-- form)."))
    .nullable()
    .meta({
      description: `A host name, stored in lower case without a trailing dot, which must then match \`${DOMAIN_PATTERN.source}\` (letters, digits and inner hyphens per label, an alphabetic or xn-- top-level label), or be empty. No scheme, path or spaces.`,
      example: "sakura-bussan.co.jp",
    }),
  industry: text(100).nullable(),
  phone: text(50).nullable(),
  website: text(500)
    // Schemes are case-insensitive (RFC 3986 §3.1): stored in lower case, so the value matches the documented pattern.
    .transform((url) => url.replace(/^https?:/i, (scheme) => scheme.toLowerCase()))
    .pipe(z.string().regex(/^$|^https?:\/\/\S+$/, "Use a full http(s) address."))
    .nullable()
    .meta({ description: "A full http(s) address (`^https?://\\S+$`, the scheme stored in lower case), or empty.", example: "https://sakura-bussan.co.jp" }),
  address: text(500).nullable(),
  note: text(10000).nullable(),
};

export const companyCreateSchema = z
  .strictObject(writableCompanyFields)
  .partial()
  .required({ name: true })
  .meta({ id: "CompanyCreate", description: "A new company. Only `name` is required." });

export const companyUpdateSchema = z
  .strictObject({ ...writableCompanyFields, version: versionSchema })
  .partial()
  .meta({ id: "CompanyUpdate", description: "Only the fields sent change." });

export const companyListQuerySchema = z
  .strictObject({
    ...recordPageQuery,
    sort: singleQueryValue(z.enum(RECORD_SORTS)).optional().default("name"),
  })
  .meta({ id: "CompanyListQuery" });

export type CompanyCreateInput = z.infer<typeof companyCreateSchema>;
export type CompanyUpdateInput = z.infer<typeof companyUpdateSchema>;
export type CompanyListQuery = z.infer<typeof companyListQuerySchema>;

export const companySchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    address: z.string().nullable(),
    note: z.string().nullable(),
    deal_count: z.number().int().meta({ description: "Live (not deleted) deals linked to this company." }),
    ...recordStamps,
  })
  .meta({ id: "Company" });
export type Company = z.infer<typeof companySchema>;

export const companyListResponseSchema = recordListResponse(companySchema, "CompanyList");
export type CompanyListResponse = z.infer<typeof companyListResponseSchema>;

export const companyGetQuerySchema = recordGetQuery("CompanyGetQuery");

/**
 * A company's deals in figures, over the deals the caller can see (the workspace's deal
 * visibility): how many are live, how many are open, and the open ones' amounts per currency
 * (amounts in different currencies are never added together).
 */
export const companyDealSummarySchema = z
  .object({
    deal_count: z.number().int().meta({ description: "Live deals of this company the caller can see." }),
    open_deal_count: z.number().int().meta({ description: "Those not yet won or lost." }),
    won_deal_count: z.number().int(),
    lost_deal_count: z.number().int(),
    open_totals: z
      .array(z.object({ currency: z.string(), amount: z.number(), count: z.number().int() }))
      .meta({ description: "Open deals per currency: the sum of their amounts (deals without an amount count as 0) and how many there are. Largest count first." }),
  })
  .meta({ id: "CompanyDealSummary" });
export type CompanyDealSummary = z.infer<typeof companyDealSummarySchema>;

export const companyDealSummaryResponseSchema = z.object({ summary: companyDealSummarySchema }).meta({ id: "CompanyDealSummaryEnvelope" });

/** An activity of one of the company's deals, with the deal it belongs to. */
export const companyActivitySchema = activitySchema
  .extend({
    deal_name: z.string(),
    deal_number: z.string(),
    deal_currency: z.string().meta({ description: "The deal's currency, in which the amounts of its field changes are written." }),
  })
  .meta({ id: "CompanyActivity" });
export type CompanyActivity = z.infer<typeof companyActivitySchema>;

export const companyActivityListSchema = z
  .object({ activities: z.array(companyActivitySchema), total: z.number().int() })
  .meta({ id: "CompanyActivityList" });
export type CompanyActivityList = z.infer<typeof companyActivityListSchema>;
