import { getRequestConfig } from "next-intl/server";
import { currentLocale } from "@/lib/current-caller";
import { loadMessages } from "./messages";

/** next-intl's per-request configuration: the render's language and its catalog (no locale in URLs). */
export default getRequestConfig(async () => {
  const locale = await currentLocale();
  return { locale, messages: await loadMessages(locale), timeZone: "UTC" };
});
