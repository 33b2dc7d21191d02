import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TodayView } from "@/components/today/today-view";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { loadToday } from "@/lib/tasks/today";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("tasks.today");
  return { title: t("title") };
}

/** Today: the signed-in person's tasks by due and their deals that need attention, read on the server. */
export default async function TodayPage() {
  const caller = await requireCaller("/today");
  const data = await loadToday(getDb(), caller);
  return <TodayView data={data} />;
}
