import { BoardPageSkeleton } from "@/components/deals/board/board-skeleton";

export default function BoardLoading() {
  return <BoardPageSkeleton />;
}
