import "server-only";
import { type Kysely, sql } from "kysely";
import type { Database } from "@/db/tables";
import { type DealCaller, dealScope, tenantDeals } from "@/lib/deals/scope";
import { dealSearchCondition } from "@/lib/deals/search";
import { foldSearch, likeContains } from "@/lib/records/search";
import type { RecordReader } from "@/lib/records/versioned-record";
import type { QuickSearchQuery, QuickSearchResponse } from "./schema";

/**
 * Quick search: one query across the caller's deals, companies and contacts, a few of each.
 * Every group reads the same folded text (lib/records/search.ts) through its trigram index, as
 * the lists' searches do: deals their stored `search_text` (name, number, company, contacts,
 * tags) within what the caller may see (a rep limited to his own deals finds only those);
 * companies and contacts their folded name, within the tenant (and an application-scoped key's
 * application).
 */

type Db = Kysely<Database>;

export async function quickSearch(db: Db, caller: DealCaller & RecordReader, query: QuickSearchQuery): Promise<QuickSearchResponse> {
  const folded = foldSearch(query.q).trim();
  const escaped = likeContains(folded).slice(1, -1);
  const pattern = `%${escaped}%`;
  const prefix = `${escaped}%`;
  const { limit } = query;

  const deals = tenantDeals(db, dealScope(caller))
    .rows()
    .select(["d.id", "d.deal_number", "d.name", "d.stage", "d.pipeline_id", "d.company_name", "d.contact_name"])
    .where("d.is_deleted", "=", false)
    .where(dealSearchCondition(query.q, caller.tenantId))
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();

  const companyName = sql<string>`search_fold(c.name)`;
  const companies = db
    .selectFrom("companies as c")
    .select(["c.id", "c.name", "c.domain"])
    .where("c.tenant_id", "=", caller.tenantId)
    .where("c.is_deleted", "=", false)
    .$if(!!caller.appScope, (q) => q.where("c.app_id", "=", caller.appScope!))
    .where(companyName, "like", pattern)
    .orderBy(sql`${companyName} like ${prefix}`, "desc")
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .limit(limit)
    .execute();

  // The expression of the index contacts_name_fold_trgm_idx.
  const contactText = sql<string>`search_fold(coalesce(ct.first_name, '') || ' ' || coalesce(ct.last_name, '') || ' ' || coalesce(ct.email, ''))`;
  const contacts = db
    .selectFrom("contacts as ct")
    .leftJoin("companies as co", (j) => j.onRef("co.id", "=", "ct.company_id").onRef("co.tenant_id", "=", "ct.tenant_id"))
    .select(["ct.id", sql<string>`person_name(ct.first_name, ct.last_name)`.as("name"), "ct.email", "co.name as company_name"])
    .where("ct.tenant_id", "=", caller.tenantId)
    .where("ct.is_deleted", "=", false)
    .$if(!!caller.appScope, (q) => q.where("ct.app_id", "=", caller.appScope!))
    .where(contactText, "like", pattern)
    .orderBy(sql`${contactText} like ${prefix}`, "desc")
    .orderBy(sql`lower(ct.first_name)`)
    .orderBy("ct.id")
    .limit(limit)
    .execute();

  const [dealRows, companyRows, contactRows] = await Promise.all([deals, companies, contacts]);
  return {
    deals: dealRows,
    companies: companyRows,
    contacts: contactRows.map((c) => ({ ...c, name: c.name ?? "" })),
  };
}
