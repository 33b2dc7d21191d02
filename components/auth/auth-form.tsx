"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";
import { authErrorMessage, MIN_PASSWORD_LENGTH } from "./auth-error";

/** Sign-in and sign-up share one form: the fields differ only by the name input. */
export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const search = useSearchParams();
  const next = safeNext(search.get("next"));
  // Signing up from an invitation link: the account joins that workspace, it gets none of its own.
  const invited = mode === "signup" && next.startsWith("/invite/");
  const presetEmail = search.get("email") ?? "";
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "").trim();
    setPending(true);
    let retryAfter: string | null = null;
    const fetchOptions = { onError: (ctx: { response: Response }) => void (retryAfter = ctx.response.headers.get("retry-after")) };
    const result =
      mode === "signup"
        ? // The confirmation mail's link leads back to where the user was going (an invitation, the board).
          await authClient.signUp.email({ email, password, name, callbackURL: next, fetchOptions })
        : await authClient.signIn.email({ email, password, fetchOptions });
    setPending(false);
    if (result.error) {
      setError(authErrorMessage(t, result.error, retryAfter));
      return;
    }
    router.replace(next);
    router.refresh();
  }

  const title = mode === "login" ? t("form.loginTitle") : invited ? t("form.signupInvitedTitle") : t("form.signupTitle");
  const intro = mode === "login" ? t("form.loginIntro") : invited ? t("form.signupInvitedIntro") : t("form.signupIntro");
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
      <div>
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-muted">{intro}</p>
      </div>
      {mode === "signup" && (
        <div className="space-y-1.5">
          <Label htmlFor="name">{t("form.name")}</Label>
          <Input id="name" name="name" autoComplete="name" required maxLength={100} />
        </div>
      )}
      <div className="space-y-1.5">
        <Label htmlFor="email">{t("form.email")}</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={presetEmail} />
      </div>
      <div className="space-y-1.5">
        <div className="flex items-baseline justify-between gap-2">
          <Label htmlFor="password">{t("form.password")}</Label>
          {mode === "login" && (
            <Link className="text-xs font-medium text-accent hover:underline" href="/forgot-password">
              {t("form.forgotPassword")}
            </Link>
          )}
        </div>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "signup" ? "new-password" : "current-password"}
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby={mode === "signup" ? "password-hint" : undefined}
        />
        {mode === "signup" && (
          <p id="password-hint" className="text-xs text-muted">
            {t("form.passwordHint", { min: MIN_PASSWORD_LENGTH })}
          </p>
        )}
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        {mode === "signup" ? t("form.submitSignup") : t("form.submitLogin")}
      </Button>
      <p className="text-center text-sm text-muted">
        {mode === "signup" ? (
          <>
            {t("form.haveAccount")}{" "}
            <Link className="font-medium text-accent hover:underline" href={carry("/login", next, presetEmail)}>
              {t("form.signInLink")}
            </Link>
          </>
        ) : (
          <>
            {t("form.newHere")}{" "}
            <Link className="font-medium text-accent hover:underline" href={carry("/signup", next, presetEmail)}>
              {t("form.createAccountLink")}
            </Link>
          </>
        )}
      </p>
    </form>
  );
}

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

/** The other form's URL, keeping where the user is going and the address an invitation named. */
function carry(path: string, next: string, email: string): string {
  const params = new URLSearchParams();
  if (next !== "/board") params.set("next", next);
  if (email) params.set("email", email);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
