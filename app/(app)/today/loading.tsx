import { TodaySkeleton } from "@/components/today/today-view";

export default function TodayLoading() {
  return <TodaySkeleton />;
}
