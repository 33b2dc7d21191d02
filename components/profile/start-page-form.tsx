"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { type ChoiceCard, ChoiceCards } from "@/components/ui/choice-cards";
import { SettingsSection } from "@/components/ui/settings-section";
import { apiFetch } from "@/lib/api-client";
import type { StartPage } from "@/lib/profile";

/** Where the app opens after sign-in: the board or Today (reps start on Today, managers on the board, until they choose). */
export function StartPageForm({ value }: { value: StartPage }) {
  const t = useTranslations("tasks.today");
  const [choice, setChoice] = useState<StartPage>(value);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  async function choose(next: StartPage) {
    if (next === choice) return;
    const previous = choice;
    setChoice(next);
    setSaved(false);
    setSaving(true);
    try {
      await apiFetch("/api/v1/me", { method: "PATCH", body: { start_page: next } });
      setSaved(true);
    } catch {
      setChoice(previous);
      toast.error(t("failed"));
    } finally {
      setSaving(false);
    }
  }

  const options: ChoiceCard<StartPage>[] = [
    { value: "today", label: t("landingToday") },
    { value: "board", label: t("landingBoard") },
  ];
  return (
    <SettingsSection id="profile-start-page" heading={t("landing")} intro={t("landingHelp")}>
      <ChoiceCards name="start_page" legend={t("landing")} options={options} value={choice} onChange={choose} disabled={saving} className="mt-3" />
      <p role="status" className="mt-2 text-xs text-emerald-700">
        {saved ? t("landingSaved") : null}
      </p>
    </SettingsSection>
  );
}
