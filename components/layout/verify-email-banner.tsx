"use client";

import { MailWarning } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";

const SEND_VERIFICATION_URL = "/api/auth/send-verification-email";

/** Shown to a user who has not confirmed their address yet, with a way to get a new link. */
export function VerifyEmailBanner({ email, mailConfigured }: { email: string; mailConfigured: boolean }) {
  const t = useTranslations("common.verifyEmail");
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");

  async function resend() {
    setState("sending");
    const res = await fetch(SEND_VERIFICATION_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, callbackURL: window.location.pathname }),
    }).catch(() => null);
    setState(res?.ok ? "sent" : "failed");
  }

  const message = state === "sent" ? "sent" : "prompt";
  const strong = (chunks: React.ReactNode) => <strong className="break-all">{chunks}</strong>;
  return (
    <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <MailWarning className="h-4 w-4 shrink-0" aria-hidden />
        <p className="min-w-0 flex-1">
          {t.rich(message, { email, strong })}
          {!mailConfigured && <> {t("noMailServer")}</>}
          {state === "failed" && <> {t("failed")}</>}
        </p>
        {state !== "sent" && (
          <Button size="sm" variant="secondary" className="h-11 sm:h-7" onClick={resend} loading={state === "sending"}>
            {t("resend")}
          </Button>
        )}
      </div>
    </div>
  );
}
