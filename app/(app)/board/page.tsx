import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BoardView } from "@/components/deals/board/board-view";
import { getDb } from "@/lib/db";
import { boardQuerySchema, getBoard } from "@/lib/deals/board";
import { boardApiParams, filtersFromSearchParams } from "@/lib/deals/board-filters";
import { requireCaller } from "@/lib/current-caller";
import { listTenantMembers } from "@/lib/members";
import { boardQuery } from "@/lib/queries/board";
import { membersQuery } from "@/lib/queries/members";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("board");
  return { title: t("title") };
}

/**
 * The board, rendered with its data: the first page of every column and the member list are
 * read on the server and handed to react-query, so the first paint is the real board.
 */
export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requireCaller("/board");
  const filters = filtersFromSearchParams(await searchParams);
  const query = boardQuerySchema.safeParse(Object.fromEntries(boardApiParams(filters)));
  const db = getDb();
  const [board, members] = await Promise.all([
    query.success ? getBoard(db, caller, query.data) : null,
    listTenantMembers(db, caller.tenantId),
  ]);

  const client = new QueryClient();
  // Filters the API refuses are not prefetched: the client shows the API's explanation.
  if (board) client.setQueryData(boardQuery(filters).queryKey, board);
  client.setQueryData(membersQuery().queryKey, members);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <BoardView currentUserId={caller.userId} />
    </HydrationBoundary>
  );
}
