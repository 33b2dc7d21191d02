"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";

/**
 * The signed-in part of the invitation page: accept with the link's secret, or first confirm the
 * address (a new confirmation mail on request), or sign out to switch to the invited account.
 */
export function AcceptInvitation({
  invitationId,
  token,
  signedInAs,
  emailVerified,
  invitedEmail,
  returnTo,
  mailConfigured,
}: {
  invitationId: string;
  token: string;
  signedInAs: string;
  emailVerified: boolean;
  invitedEmail: string;
  returnTo: string;
  mailConfigured: boolean;
}) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  const mismatch = signedInAs.toLowerCase() !== invitedEmail.toLowerCase();

  async function post(path: string, body: unknown): Promise<{ ok: boolean; status: number }> {
    const res = await fetch(`/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    return { ok: !!res?.ok, status: res?.status ?? 0 };
  }

  // better-auth's messages are English: the page says what failed in its own language.
  const failure = (status: number, fallback: string) =>
    status === 0 ? t("errors.unreachable") : status === 429 ? t("errors.tooManyRequests") : fallback;

  async function accept() {
    setPending(true);
    setError(null);
    const result = await post("/organization/accept-invitation", { invitationId, token });
    if (!result.ok) {
      setPending(false);
      setError(failure(result.status, t("invite.acceptFailed")));
      return;
    }
    router.replace("/board");
    router.refresh();
  }

  async function resend() {
    setPending(true);
    setError(null);
    const result = await post("/send-verification-email", { email: signedInAs, callbackURL: returnTo });
    setPending(false);
    if (!result.ok) return setError(failure(result.status, t("invite.sendFailed")));
    setResent(true);
  }

  async function signOut() {
    setPending(true);
    await post("/sign-out", {});
    router.refresh();
    setPending(false);
  }

  const signedInLine = t.rich("invite.signedInAs", { email: signedInAs, strong: (chunks) => <strong className="break-all">{chunks}</strong> });
  return (
    <div className="mt-5 space-y-3">
      <p className="text-sm">
        {signedInLine}
      </p>
      {mismatch ? (
        <>
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t("invite.wrongAccount", { email: invitedEmail })}
          </p>
          <Button variant="secondary" className="h-11 w-full sm:h-9" onClick={signOut} loading={pending}>
            {t("invite.signOut")}
          </Button>
        </>
      ) : !emailVerified ? (
        <>
          <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
            <p className="font-medium">{t("invite.confirmFirst")}</p>
            <p className="mt-1">{resent ? t("invite.linkResent", { email: signedInAs }) : t("invite.linkSent", { email: signedInAs })}</p>
            {!mailConfigured && <p className="mt-1">{t("invite.noMailServer")}</p>}
          </div>
          <Button variant="secondary" className="h-11 w-full sm:h-9" onClick={resend} loading={pending}>
            {t("invite.sendAgain")}
          </Button>
        </>
      ) : (
        <Button className="h-11 w-full sm:h-9" onClick={accept} loading={pending}>
          {t("invite.accept")}
        </Button>
      )}
      <FieldError message={error ?? undefined} />
    </div>
  );
}
