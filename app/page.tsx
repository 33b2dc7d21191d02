import { redirect } from "next/navigation";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { startPageFor } from "@/lib/profile";

export const dynamic = "force-dynamic";

/** The start page after sign-in: Today for reps, the board for managers, unless the person chose (Settings → Profile). */
export default async function Home() {
  const caller = await requireCaller("/");
  const row = await getDb().selectFrom("user").select("start_page").where("id", "=", caller.userId).executeTakeFirst();
  redirect(startPageFor(row?.start_page, caller.isManager) === "today" ? "/today" : "/board");
}
