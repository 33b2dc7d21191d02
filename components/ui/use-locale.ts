"use client";

import { useLocale as useLanguage } from "next-intl";
import { INTL_LOCALE, isLocale } from "@/lib/i18n/config";

/**
 * The `Intl` locale (e.g. "ja-JP") of the language the page speaks: dates, money and relative
 * times follow the person's chosen language, the same on the server's render and in the browser.
 */
export function useLocale(): string {
  const language = useLanguage();
  return isLocale(language) ? INTL_LOCALE[language] : INTL_LOCALE.en;
}
