"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/api-client";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/config";
import { cn } from "@/lib/utils";

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

  const options: Array<{ value: Choice; label: string; hint?: string; lang?: string }> = [
    ...LOCALES.map((l) => ({ value: l as Choice, label: LOCALE_NAMES[l], lang: l })),
    { value: BROWSER, label: t("browserDefault"), hint: t("browserDefaultHint", { language: LOCALE_NAMES[browserLocale] }) },
  ];

  return (
    <section aria-labelledby="profile-language-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
      <h2 id="profile-language-heading" className="text-sm font-semibold">
        {t("languageHeading")}
      </h2>
      <p className="mt-1 text-xs text-muted">{t("languageIntro")}</p>
      <fieldset className="mt-3 space-y-2" aria-busy={saving || undefined} disabled={saving}>
        <legend className="sr-only">{t("languageLegend")}</legend>
        {options.map((o) => (
          <label
            key={o.value}
            className={cn(
              "flex min-h-11 cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent",
              choice === o.value ? "border-accent bg-indigo-50/60" : "border-slate-200 hover:bg-slate-50",
            )}
          >
            <input
              type="radio"
              name="locale"
              value={o.value}
              checked={choice === o.value}
              onChange={() => choose(o.value)}
              className="mt-0.5 h-4 w-4 accent-[var(--color-accent)]"
            />
            <span>
              <span className="block font-medium" lang={o.lang}>
                {o.label}
              </span>
              {o.hint && <span className="block text-xs text-slate-600">{o.hint}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <p role="status" className="mt-2 text-xs text-emerald-700">
        {saved ? t("languageSaved") : null}
      </p>
    </section>
  );
}
