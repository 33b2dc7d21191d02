"use client";

import { CheckCircle2, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

const MIN_LENGTH = 8;

/** The page a reset link leads to: a new password, twice; or why the link no longer works. */
export function ResetPasswordForm({ token }: { token: string | null }) {
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
    if (newPassword.length < MIN_LENGTH) return setError(`Use at least ${MIN_LENGTH} characters.`);
    if (newPassword !== confirm) return;
    setPending(true);
    const result = await authClient.resetPassword({ newPassword, token: token! });
    setPending(false);
    if (result.error) {
      if (result.error.code === "INVALID_TOKEN") return setExpired(true);
      return setError(result.error.status === 429 ? "Too many attempts. Wait a minute and try again." : (result.error.message ?? "Something went wrong. Try again."));
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
          <h1 className="text-lg font-semibold">This link no longer works</h1>
          <p className="mt-1 text-sm text-muted">Reset links work once, for an hour. Ask for a new one and use the newest email.</p>
        </div>
        <Button asChild className="w-full">
          <Link href="/forgot-password">Send a new link</Link>
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
          <h1 className="text-lg font-semibold">Password changed</h1>
          <p className="mt-1 text-sm text-muted">You were signed out everywhere. Sign in with your new password.</p>
        </div>
        <Button asChild className="w-full">
          <Link href="/login">Sign in</Link>
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Choose a new password</h1>
        <p className="mt-1 text-sm text-muted">Changing it signs you out on every device.</p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="password">New password</Label>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} maxLength={128} aria-describedby="password-hint" />
        <p id="password-hint" className="text-xs text-muted">
          At least {MIN_LENGTH} characters.
        </p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="confirm">Repeat the new password</Label>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={mismatch || undefined} aria-describedby={mismatch ? "confirm-error" : undefined} />
        <FieldError id="confirm-error" message={mismatch ? "The two passwords differ." : undefined} />
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        Change password
      </Button>
    </form>
  );
}
