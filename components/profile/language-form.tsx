"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { type ChoiceCard, ChoiceCards } from "@/components/ui/choice-cards";
import { SettingsSection } from "@/components/ui/settings-section";
import { apiFetch } from "@/lib/api-client";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/config";

const BROWSER = "browser";
type Choice = Locale | typeof BROWSER;

/**
 * The person's language: English, 日本語, or the browser's. Saving re-renders the server
 * components in the new language (router.refresh()); the data already loaded in the browser's
 * query cache stays, so nothing is fetched again.
 */
export function LanguageForm({ locale, browserLocale }: { locale: Locale | null; browserLocale: Locale }) {
  const t = useTranslations("settings.profile");
  const router = useRouter();
  const [choice, setChoice] = useState<Choice>(locale ?? BROWSER);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [, startTransition] = useTransition();

  async function choose(next: Choice) {
    if (next === choice) return;
    const previous = choice;
    setChoice(next);
    setSaved(false);
    setSaving(true);
    try {
      await apiFetch("/api/v1/me", { method: "PATCH", body: { locale: next === BROWSER ? null : next } });
      startTransition(() => router.refresh());
      // Said once the page speaks the new language (a toast now would still be in the old one).
      setSaved(true);
    } catch {
      setChoice(previous);
      toast.error(t("saveFailed"));
    } finally {
      setSaving(false);
    }
  }

  const options: ChoiceCard<Choice>[] = [
    ...LOCALES.map((l) => ({ value: l as Choice, label: LOCALE_NAMES[l], lang: l })),
    { value: BROWSER, label: t("browserDefault"), hint: t("browserDefaultHint", { language: LOCALE_NAMES[browserLocale] }) },
  ];

  return (
    <SettingsSection id="profile-language" heading={t("languageHeading")} intro={t("languageIntro")}>
      <ChoiceCards name="locale" legend={t("languageLegend")} options={options} value={choice} onChange={choose} disabled={saving} className="mt-3" />
      <p role="status" className="mt-2 text-xs text-emerald-700">
        {saved ? t("languageSaved") : null}
      </p>
    </SettingsSection>
  );
}
