"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field } from "@/components/ui/field";
import { FieldError, Input } from "@/components/ui/input";
import { SettingsSection } from "@/components/ui/settings-section";
import { useSettingsSave } from "@/components/ui/use-settings-save";
import { authClient } from "@/lib/auth-client";
import { AuthRefusal, refusalThrown } from "@/lib/auth-refusal";

const MIN_LENGTH = 8;
const MAX_LENGTH = 128;

/**
 * Changing the password takes the current one (better-auth's changePassword). Signing out the
 * other devices is offered, and on by default: a password is usually changed because another
 * device should lose access.
 */
export function PasswordForm() {
  const t = useTranslations("settings.profile");
  const [mismatch, setMismatch] = useState(false);
  // Nothing else on the page shows the password: no need to render the server components again.
  const { pending, error, setError, save } = useSettingsSave({ refresh: false });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get("current") ?? "");
    const newPassword = String(form.get("new") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    const revokeOtherSessions = form.get("revoke") === "on";
    setError(null);
    setMismatch(newPassword !== confirm);
    if (newPassword.length < MIN_LENGTH) return setError(t("tooShort", { min: MIN_LENGTH }));
    if (newPassword !== confirm) return;
    await save(
      async () => {
        await refusalThrown(authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions }));
        formElement.reset();
        return revokeOtherSessions ? t("passwordChangedOthersOut") : t("passwordChanged");
      },
      (thrown) => (thrown instanceof AuthRefusal && thrown.code === "INVALID_PASSWORD" ? t("wrongPassword") : t("passwordFailed")),
    );
  }

  const newHint = t("passwordHint", { min: MIN_LENGTH });
  const mismatchError = mismatch ? t("mismatch") : undefined;
  return (
    <SettingsSection id="profile-password" heading={t("passwordHeading")}>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <Field id="current-password" label={t("currentPassword")}>
          <Input id="current-password" name="current" type="password" autoComplete="current-password" required maxLength={MAX_LENGTH} />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id="new-password" label={t("newPassword")} hint={newHint}>
            <Input
              id="new-password"
              name="new"
              type="password"
              autoComplete="new-password"
              required
              minLength={MIN_LENGTH}
              maxLength={MAX_LENGTH}
              aria-describedby={describedBy("new-password", { hint: newHint })}
            />
          </Field>
          <Field id="confirm-password" label={t("repeatPassword")} error={mismatchError}>
            <Input
              id="confirm-password"
              name="confirm"
              type="password"
              autoComplete="new-password"
              required
              maxLength={MAX_LENGTH}
              aria-invalid={mismatch || undefined}
              aria-describedby={describedBy("confirm-password", { error: mismatchError })}
            />
          </Field>
        </div>
        <label className="flex min-h-11 cursor-pointer items-center gap-2 text-sm sm:min-h-0">
          <input type="checkbox" name="revoke" defaultChecked className="h-4 w-4 accent-[var(--color-accent)]" />
          {t("revokeOthers")}
        </label>
        <FieldError message={error ?? undefined} />
        <Button type="submit" variant="secondary" loading={pending}>
          {t("changePassword")}
        </Button>
      </form>
    </SettingsSection>
  );
}
