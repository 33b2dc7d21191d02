"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

/** Sign-in and sign-up share one form: the fields differ only by the name input. */
export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const router = useRouter();
  const search = useSearchParams();
  const next = safeNext(search.get("next"));
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
      setError(result.error.status === 429 ? tooManyAttempts(retryAfter) : (result.error.message ?? "Something went wrong. Try again."));
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate={false}>
      <div>
        <h1 className="text-lg font-semibold">{mode === "signup" ? "Create your workspace" : "Sign in"}</h1>
        <p className="mt-1 text-sm text-muted">
          {mode === "signup" ? "Start an empty pipeline; invite your team later." : "Welcome back to your pipeline."}
        </p>
      </div>
      {mode === "signup" && (
        <div className="space-y-1.5">
          <Label htmlFor="name">Name</Label>
          <Input id="name" name="name" autoComplete="name" required maxLength={100} />
        </div>
      )}
      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={presetEmail} />
      </div>
      <div className="space-y-1.5">
        <div className="flex items-baseline justify-between gap-2">
          <Label htmlFor="password">Password</Label>
          {mode === "login" && (
            <Link className="text-xs font-medium text-accent hover:underline" href="/forgot-password">
              Forgot password?
            </Link>
          )}
        </div>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete={mode === "signup" ? "new-password" : "current-password"}
          required
          minLength={8}
        />
        {mode === "signup" && <p className="text-xs text-muted">At least 8 characters.</p>}
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        {mode === "signup" ? "Create account" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-muted">
        {mode === "signup" ? (
          <>
            Already have an account?{" "}
            <Link className="font-medium text-accent hover:underline" href={carry("/login", next, presetEmail)}>
              Sign in
            </Link>
          </>
        ) : (
          <>
            New to Pipeline?{" "}
            <Link className="font-medium text-accent hover:underline" href={carry("/signup", next, presetEmail)}>
              Create an account
            </Link>
          </>
        )}
      </p>
    </form>
  );
}

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/board";
}

/** The other form's URL, keeping where the user is going and the address an invitation named. */
function carry(path: string, next: string, email: string): string {
  const params = new URLSearchParams();
  if (next !== "/board") params.set("next", next);
  if (email) params.set("email", email);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function tooManyAttempts(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  if (!Number.isFinite(seconds) || seconds <= 0) return "Too many attempts. Wait a moment and try again.";
  return seconds < 90
    ? `Too many attempts. Try again in ${Math.ceil(seconds)} seconds.`
    : `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minutes, or reset your password.`;
}
