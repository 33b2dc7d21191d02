import { type Expression, type RawBuilder, sql, type SqlBool } from "kysely";
import { foldSearch, likeContains } from "@/lib/records/search";

/**
 * The deals search condition on deals aliased `d`: the folded query anywhere in the deal's
 * stored search text (name, number, company, contacts, tags; lib/records/search.ts).
 *
 * A query of three characters or more first collects the tenant's matching ids through the
 * trigram index (deals_search_trgm_idx), and the page or count reads just those. Left to itself,
 * the planner guesses a term's share of the deals from sampled text and, guessing high, walks
 * the sort index filtering row by row until a page is full: 64 ms for "globex motors" (248
 * deals of 100,000, guessed 1,008) against 7 ms for its matches through the index. The ids are
 * at most every match, which the exact `total` reads anyway. Shorter queries ("東京") have no
 * trigram to look up: they filter the rows directly, and a page stops at its first matches in
 * sort order.
 */
export function dealSearchCondition(search: string, tenantId: string | Expression<string>): RawBuilder<SqlBool> {
  const folded = foldSearch(search).trim();
  const pattern = likeContains(folded);
  if ([...folded].length < 3) return sql<SqlBool>`d.search_text like ${pattern}`;
  return sql<SqlBool>`d.id = any(array(select s.id from deals s where s.tenant_id = ${tenantId} and s.search_text like ${pattern}))`;
}
