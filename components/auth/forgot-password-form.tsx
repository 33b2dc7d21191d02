"use client";

import { MailCheck } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

/**
 * "Forgot password": asks for the address and mails a reset link. The answer is the same
 * whether an account exists or not, so the page cannot be used to find out who has one.
 */
export function ForgotPasswordForm({ mailConfigured }: { mailConfigured: boolean }) {
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
      setError(result.error.status === 429 ? "Too many requests for now. Wait a few minutes and try again." : (result.error.message ?? "Something went wrong. Try again."));
      return;
    }
    setSentTo(email);
  }

  if (sentTo) {
    return (
      <div className="space-y-4" role="status">
        <div className="flex h-10 w-10 items-center justify-center rounded-full bg-emerald-50 text-emerald-700">
          <MailCheck className="h-5 w-5" aria-hidden />
        </div>
        <div>
          <h1 className="text-lg font-semibold">Check your email</h1>
          <p className="mt-1 text-sm text-muted">
            If there is an account for <strong className="break-all text-slate-900">{sentTo}</strong>, we sent it a link to choose a new password. The link works
            once, for an hour.
          </p>
        </div>
        {!mailConfigured && (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">No mail server is configured here: the link is in the server&apos;s log.</p>
        )}
        <p className="text-sm text-muted">
          <Link className="font-medium text-accent hover:underline" href="/login">
            Back to sign in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-muted">Enter the email address you sign in with. We will send you a link to choose a new password.</p>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={search.get("email") ?? ""} />
      </div>
      <FieldError message={error ?? undefined} />
      <Button type="submit" className="w-full" loading={pending}>
        Send reset link
      </Button>
      <p className="text-center text-sm text-muted">
        Remembered it?{" "}
        <Link className="font-medium text-accent hover:underline" href="/login">
          Sign in
        </Link>
      </p>
    </form>
  );
}
