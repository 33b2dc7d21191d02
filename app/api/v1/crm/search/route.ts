import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { quickSearchQuerySchema } from "@/lib/search/schema";
import { quickSearch } from "@/lib/search/service";

export const dynamic = "force-dynamic";

/** Quick search: a few deals, companies and contacts matching `q`, grouped. */
export const GET = withApi({ query: quickSearchQuerySchema }, async ({ caller, query }) => quickSearch(getDb(), caller, query));

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
