import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Database } from "@/db/tables";
import type { Caller } from "@/lib/api/session";
import { LOCALES } from "@/lib/i18n/config";

/**
 * The signed-in person's own profile (`/api/v1/me`): their name and the language the app and its
 * mail speak to them. Both belong to the person, not to a workspace.
 */

export const localeSchema = z.enum(LOCALES).nullable().meta({
  description:
    "The language of the UI and of the mail sent to this person: `en` or `ja`; null follows the browser's `Accept-Language` (English when it names neither).",
  example: "ja",
});

export const START_PAGES = ["board", "today"] as const;
export type StartPage = (typeof START_PAGES)[number];

export const startPageSchema = z.enum(START_PAGES).nullable().meta({
  description: "Where the app opens after sign-in: `board` or `today`; null follows the role (reps Today, managers the board).",
  example: "today",
});

/** The page `/` opens: the person's choice, else Today for reps and the board for managers. */
export function startPageFor(choice: string | null | undefined, isManager: boolean): StartPage {
  return choice === "board" || choice === "today" ? choice : isManager ? "board" : "today";
}

export const meUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional().meta({ description: "Shown to the team on deals, timelines and invitations.", example: "田中 太郎" }),
    locale: localeSchema.optional(),
    start_page: startPageSchema.optional(),
  })
  .meta({ id: "MeUpdate" });
export type MeUpdate = z.infer<typeof meUpdateSchema>;

type ProfileCaller = Pick<Caller, "userId">;

/** Applies the fields sent; a field left out keeps its value. */
export async function updateProfile(db: Kysely<Database>, caller: ProfileCaller, input: MeUpdate): Promise<{ name: string; locale: string | null; start_page: string | null }> {
  const changes: { name?: string; locale?: string | null; start_page?: string | null } = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.locale !== undefined) changes.locale = input.locale;
  if (input.start_page !== undefined) changes.start_page = input.start_page;
  const query =
    Object.keys(changes).length > 0
      ? db.updateTable("user").set({ ...changes, updatedAt: sql`now()` }).where("id", "=", caller.userId).returning(["name", "locale", "start_page"])
      : db.selectFrom("user").select(["name", "locale", "start_page"]).where("id", "=", caller.userId);
  return query.executeTakeFirstOrThrow();
}
