import { getDb } from "@/lib/db";
import { chooseLocale, isLocale, type Locale } from "@/lib/i18n/config";

/**
 * The language a mail is written in: the recipient's own setting when they have an account and
 * chose one; else the language of the request that caused the mail (the setting of the person
 * who made it, e.g. the inviting manager, else their browser's Accept-Language); else English.
 */
export async function mailLocale(to: string, request?: Request | null, requesterId?: string): Promise<Locale> {
  const db = getDb();
  const recipient = await db.selectFrom("user").select("locale").where("email", "=", to.toLowerCase()).executeTakeFirst();
  if (isLocale(recipient?.locale)) return recipient.locale;
  const requester = requesterId ? await db.selectFrom("user").select("locale").where("id", "=", requesterId).executeTakeFirst() : undefined;
  return chooseLocale(requester?.locale, request?.headers.get("accept-language"));
}
