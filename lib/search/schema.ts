import { z } from "zod";
import { singleQueryValue } from "@/lib/api/validation";

/**
 * The quick search contract (`GET /api/v1/crm/search`): one query across deals, companies and
 * contacts, answered in groups, for the ⌘K dialog and for integrations.
 */

export const QUICK_SEARCH_LIMIT_DEFAULT = 5;
export const QUICK_SEARCH_LIMIT_MAX = 20;

export const quickSearchQuerySchema = z
  .strictObject({
    q: singleQueryValue(z.string().trim().min(1, "Type something to search for.").max(200, "At most 200 characters.")).meta({
      description:
        "Text to find anywhere in a deal's name, number, company, contacts or tags, a company's name, or a contact's name or email. Case- and width-insensitive (Unicode NFKC, then lower case): `ｃｏｎｔｏｓｏ` finds `Contoso`, `ﾌｼﾞ` finds `フジ`.",
      example: "contoso",
    }),
    limit: singleQueryValue(z.coerce.number().int().min(1).max(QUICK_SEARCH_LIMIT_MAX))
      .optional()
      .default(QUICK_SEARCH_LIMIT_DEFAULT)
      .meta({ description: `Results per group, default ${QUICK_SEARCH_LIMIT_DEFAULT}, at most ${QUICK_SEARCH_LIMIT_MAX}.` }),
  })
  .meta({ id: "QuickSearchQuery" });

export const quickSearchDealSchema = z
  .object({
    id: z.string(),
    deal_number: z.string(),
    name: z.string(),
    stage: z.string(),
    pipeline_id: z.string(),
    company_name: z.string().nullable(),
    contact_name: z.string().nullable(),
  })
  .meta({ id: "QuickSearchDeal", description: "A live deal the caller can see." });

export const quickSearchCompanySchema = z
  .object({ id: z.string(), name: z.string(), domain: z.string().nullable() })
  .meta({ id: "QuickSearchCompany", description: "A live company." });

export const quickSearchContactSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable(), company_name: z.string().nullable() })
  .meta({ id: "QuickSearchContact", description: "A live contact; `name` is the first and last name as the app shows them." });

export const quickSearchResponseSchema = z
  .object({
    deals: z.array(quickSearchDealSchema),
    companies: z.array(quickSearchCompanySchema),
    contacts: z.array(quickSearchContactSchema),
  })
  .meta({
    id: "QuickSearchResponse",
    description: "At most `limit` matches per group: deals newest first, companies and contacts by name (those whose name starts with the query first).",
  });

export type QuickSearchQuery = z.infer<typeof quickSearchQuerySchema>;
export type QuickSearchResponse = z.infer<typeof quickSearchResponseSchema>;
export type QuickSearchDeal = z.infer<typeof quickSearchDealSchema>;
export type QuickSearchCompany = z.infer<typeof quickSearchCompanySchema>;
export type QuickSearchContact = z.infer<typeof quickSearchContactSchema>;
