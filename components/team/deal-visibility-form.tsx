"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ChoiceCards } from "@/components/ui/choice-cards";
import { SettingsSection } from "@/components/ui/settings-section";
import { useSettingsSave } from "@/components/ui/use-settings-save";
import { apiFetch } from "@/lib/api-client";
import type { DealVisibility } from "@/lib/permissions";

const CHOICES: Array<{ value: DealVisibility; title: "allTitle" | "ownTitle"; description: "allDescription" | "ownDescription" }> = [
  { value: "all", title: "allTitle", description: "allDescription" },
  { value: "own", title: "ownTitle", description: "ownDescription" },
];

/** Managers choose who sees which deals (PATCH /api/v1/workspace). */
export function DealVisibilityForm({ visibility }: { visibility: DealVisibility }) {
  const t = useTranslations("settings.visibility");
  const [saved, setSaved] = useState(visibility);
  const [choice, setChoice] = useState(visibility);
  const { pending, error, save } = useSettingsSave();

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    await save(
      async () => {
        const { workspace } = await apiFetch<{ workspace: { deal_visibility: DealVisibility } }>("/api/v1/workspace", {
          method: "PATCH",
          body: { deal_visibility: choice },
        });
        setSaved(workspace.deal_visibility);
        return workspace.deal_visibility === "own" ? t("savedOwn") : t("savedAll");
      },
      () => t("failed"),
    );
  }

  return (
    <SettingsSection id="visibility" heading={t("heading")}>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <ChoiceCards
          name="deal_visibility"
          legend={t("legend")}
          options={CHOICES.map((c) => ({ value: c.value, label: t(c.title), hint: t(c.description) }))}
          value={choice}
          onChange={setChoice}
        />
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
        <Button type="submit" variant="secondary" loading={pending} disabled={choice === saved}>
          {t("save")}
        </Button>
      </form>
    </SettingsSection>
  );
}
