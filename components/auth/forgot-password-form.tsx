"use client";

import { MailCheck } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage } from "./auth-error";

/**
 * "Forgot password": asks for the address and mails a reset link. The answer is the same
 * whether an account exists or not, so the page cannot be used to find out who has one.
 */
export function ForgotPasswordForm({ mailConfigured }: { mailConfigured: boolean }) {
  const t = useTranslations("auth");
  const search = useSearchParams();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setPending(true);
    const result = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    setPending(false);
    if (result.error) {
      setError(result.error.status === 429 ? t("errors.tooManyRequests") : authErrorMessage(t, result.error));
      return;
    }
    setSentTo(email);
  }

  if (sentTo) {
    const sentBody = t.rich("forgot.sentBody", { email: sentTo, strong: (chunks) => <strong className="break-all text-slate-900">{chunks}</strong> });
    return (
      <div className="space-y-4" role="status">
        <div className="flex h-10 w-10 items-center justify-center rounded-full bg-emerald-50 text-emerald-700">
          <MailCheck className="h-5 w-5" aria-hidden />
        </div>
        <div>
          <h1 className="text-lg font-semibold">{t("forgot.sentTitle")}</h1>
          <p className="mt-1 text-sm text-muted">
            {sentBody}
          </p>
        </div>
        {!mailConfigured && (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{t("forgot.noMailServer")}</p>
        )}
        <p className="text-sm text-muted">
          <Link className="font-medium text-accent hover:underline" href="/login">
            {t("forgot.backToSignIn")}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{t("forgot.title")}</h1>
        <p className="mt-1 text-sm text-muted">{t("forgot.intro")}</p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="email">{t("form.email")}</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={search.get("email") ?? ""} />
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        {t("forgot.submit")}
      </Button>
      <p className="text-center text-sm text-muted">
        {t("forgot.remembered")}{" "}
        <Link className="font-medium text-accent hover:underline" href="/login">
          {t("forgot.signInLink")}
        </Link>
      </p>
    </form>
  );
}
