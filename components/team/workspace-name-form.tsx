"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { SettingsSection } from "@/components/ui/settings-section";
import { useSettingsSave } from "@/components/ui/use-settings-save";
import { refusalThrown } from "@/lib/auth-refusal";
import { authClient } from "@/lib/auth-client";

const MAX_NAME = 100;

/** Managers rename the workspace (better-auth's organization update). */
export function WorkspaceNameForm({ organizationId, name }: { organizationId: string; name: string }) {
  const t = useTranslations("settings.workspace");
  const [value, setValue] = useState(name);
  const { pending, error, setError, save } = useSettingsSave();

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError(t("nameRequired"));
    if (next.length > MAX_NAME) return setError(t("nameTooLong", { max: MAX_NAME }));
    await save(
      async () => {
        await refusalThrown(authClient.organization.update({ organizationId, data: { name: next } }));
        return t("renamed");
      },
      () => t("renameFailed"),
    );
  }

  return (
    <SettingsSection id="workspace" heading={t("heading")}>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="workspace-name">{t("nameLabel")}</Label>
          <Input id="workspace-name" value={value} maxLength={MAX_NAME} onChange={(e) => setValue(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary" loading={pending} disabled={value.trim() === name}>
          {t("save")}
        </Button>
      </form>
      <FieldError message={error ?? undefined} />
    </SettingsSection>
  );
}
