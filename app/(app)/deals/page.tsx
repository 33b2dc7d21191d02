import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DealsTable } from "@/components/deals/list/deals-table";
import { Skeleton } from "@/components/ui/skeleton";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { listStateToApiQuery, parseListState } from "@/lib/deals/list-state";
import { dealListQuerySchema, type DealListResponse } from "@/lib/deals/schema";
import { listDeals } from "@/lib/deals/service";
import { listTenantMembers } from "@/lib/members";
import { dealListQuery } from "@/lib/queries/deals";
import { membersQuery } from "@/lib/queries/members";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("deals");
  return { title: t("title") };
}

/**
 * The deals list, rendered with its data as the board is: the page the URL asks for and the
 * member list are read on the server and handed to react-query, so rows show in the first paint,
 * and coming back from a deal is as quick as a reload (no skeleton while the browser fetches).
 */
export default async function DealsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requireCaller("/deals");
  const t = await getTranslations("deals");
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) if (typeof value === "string") params.set(key, value);
  const apiQuery = listStateToApiQuery(parseListState(params));
  const query = dealListQuerySchema.safeParse(Object.fromEntries(apiQuery));
  const db = getDb();
  const [page, members] = await Promise.all([query.success ? listDeals(db, caller, query.data) : null, listTenantMembers(db, caller.tenantId)]);

  const client = new QueryClient();
  // A query the API refuses is not prefetched: the client shows the API's explanation.
  if (page) client.setQueryData(dealListQuery(apiQuery).queryKey, JSON.parse(page.text) as DealListResponse);
  client.setQueryData(membersQuery().queryKey, members);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <Suspense
        fallback={
          <main className="mx-auto w-full max-w-[1400px] flex-1 space-y-4 px-4 py-4 sm:px-6" aria-busy="true" aria-label={t("loading")}>
            <Skeleton className="h-6 w-32" />
            <Skeleton className="h-9 w-full max-w-xl" />
            <Skeleton className="h-96 w-full" />
          </main>
        }
      >
        <DealsTable />
      </Suspense>
    </HydrationBoundary>
  );
}
