"use client";

import { CheckCircle2, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH as MIN_LENGTH } from "./auth-error";

/** The page a reset link leads to: a new password, twice; or why the link no longer works. */
export function ResetPasswordForm({ token }: { token: string | null }) {
  const t = useTranslations("auth");
  const [error, setError] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [expired, setExpired] = useState(token === null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("password") ?? "");
    const confirm = String(form.get("confirm") ?? "");
    setError(null);
    setMismatch(newPassword !== confirm);
    if (newPassword.length < MIN_LENGTH) return setError(t("errors.passwordTooShort", { min: MIN_LENGTH }));
    if (newPassword !== confirm) return;
    setPending(true);
    const result = await authClient.resetPassword({ newPassword, token: token! });
    setPending(false);
    if (result.error) {
      if (result.error.code === "INVALID_TOKEN") return setExpired(true);
      return setError(result.error.status === 429 ? t("errors.tooManyAttemptsMinute") : authErrorMessage(t, result.error));
    }
    setDone(true);
  }

  if (expired) {
    return (
      <div className="space-y-4">
        <div className="flex h-10 w-10 items-center justify-center rounded-full bg-amber-50 text-amber-700">
          <TriangleAlert className="h-5 w-5" aria-hidden />
        </div>
        <div>
          <h1 className="text-lg font-semibold">{t("reset.expiredTitle")}</h1>
          <p className="mt-1 text-sm text-muted">{t("reset.expiredBody")}</p>
        </div>
        <Button asChild className="w-full">
          <Link href="/forgot-password">{t("reset.sendNewLink")}</Link>
        </Button>
      </div>
    );
  }

  if (done) {
    return (
      <div className="space-y-4" role="status">
        <div className="flex h-10 w-10 items-center justify-center rounded-full bg-emerald-50 text-emerald-700">
          <CheckCircle2 className="h-5 w-5" aria-hidden />
        </div>
        <div>
          <h1 className="text-lg font-semibold">{t("reset.doneTitle")}</h1>
          <p className="mt-1 text-sm text-muted">{t("reset.doneBody")}</p>
        </div>
        <Button asChild className="w-full">
          <Link href="/login">{t("reset.signIn")}</Link>
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{t("reset.title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("reset.intro")}</p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">{t("reset.newPassword")}</Label>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} maxLength={MAX_PASSWORD_LENGTH} aria-describedby="password-hint" />
        <p id="password-hint" className="text-xs text-muted">
          {t("form.passwordHint", { min: MIN_LENGTH })}
        </p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="confirm">{t("reset.repeat")}</Label>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={mismatch || undefined} aria-describedby={mismatch ? "confirm-error" : undefined} />
        <FieldError id="confirm-error" message={mismatch ? t("reset.mismatch") : undefined} />
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        {t("reset.submit")}
      </Button>
    </form>
  );
}
