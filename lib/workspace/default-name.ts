// use-intl's core (next-intl's own translator, without React): these run outside React too (seeding, scripts).
import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/config";
import en from "@/messages/settings/en.json";
import ja from "@/messages/settings/ja.json";

const CATALOGS = { en, ja } as const;

/**
 * The name a new account's own workspace starts with, in the language of the sign-up: "Riko's
 * team", "田中 太郎のチーム" (the settings catalog's `workspace.defaultName`). The person's name
 * stays as typed; without one, the address's local part stands in.
 */
export function defaultWorkspaceName(person: { name: string; email: string }, locale: Locale = DEFAULT_LOCALE): string {
  const name = person.name.trim() || person.email.split("@")[0];
  const t = createTranslator({ locale, messages: { settings: CATALOGS[locale] }, namespace: "settings" });
  return t("workspace.defaultName", { name });
}
