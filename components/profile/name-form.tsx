"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SettingsSection } from "@/components/ui/settings-section";
import { useSettingsSave } from "@/components/ui/use-settings-save";
import { apiFetch } from "@/lib/api-client";

/** The person's name and (read-only) address; the name is saved with PATCH /api/v1/me. */
export function NameForm({ name, email }: { name: string; email: string }) {
  const t = useTranslations("settings.profile");
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState(name);
  const { pending, error, setError, save } = useSettingsSave();

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    if (!next) return setError(t("nameRequired"));
    await save(
      async () => {
        const me = await apiFetch<{ user: { name: string } }>("/api/v1/me", { method: "PATCH", body: { name: next } });
        setSaved(me.user.name);
        setValue(me.user.name);
        return t("saved");
      },
      () => t("saveFailed"),
    );
  }

  return (
    <SettingsSection id="profile-name" heading={t("nameHeading")}>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <Field id="profile-name" label={t("nameLabel")} hint={t("nameHint")} error={error ?? undefined}>
          <Input
            id="profile-name"
            value={value}
            maxLength={100}
            autoComplete="name"
            aria-describedby={describedBy("profile-name", { hint: t("nameHint"), error: error ?? undefined })}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <Field id="profile-email" label={t("email")} hint={t("emailHint")}>
          <Input id="profile-email" value={email} readOnly aria-describedby="profile-email-hint" className="bg-slate-50 text-slate-600" />
        </Field>
        <Button type="submit" variant="secondary" loading={pending} disabled={value.trim() === saved}>
          {t("save")}
        </Button>
      </form>
    </SettingsSection>
  );
}
