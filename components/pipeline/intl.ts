import { getLocale } from "next-intl/server";
import { INTL_LOCALE, isLocale } from "@/lib/i18n/config";

/** The `Intl` tag of the language a server component renders in ("ja-JP", "en-US"). */
export async function intlLocale(): Promise<string> {
  const locale = await getLocale();
  return INTL_LOCALE[isLocale(locale) ? locale : "en"];
}
