"use client";

import { MailWarning } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Shown to a user who has not confirmed their address yet, with a way to get a new link. */
export function VerifyEmailBanner({ email, mailConfigured }: { email: string; mailConfigured: boolean }) {
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");

  async function resend() {
    setState("sending");
    const res = await fetch("/api/auth/send-verification-email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, callbackURL: window.location.pathname }),
    }).catch(() => null);
    setState(res?.ok ? "sent" : "failed");
  }

  return (
    <div className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <MailWarning className="h-4 w-4 shrink-0" aria-hidden />
        <p className="min-w-0 flex-1">
          {state === "sent" ? "We sent a new link to " : "Confirm your email address with the link we sent to "}
          <strong className="break-all">{email}</strong>.{!mailConfigured && " (No mail server here: the link is in the server's log.)"}
          {state === "failed" && " Sending failed; try again in a few minutes."}
        </p>
        {state !== "sent" && (
          <Button size="sm" variant="secondary" className="h-11 sm:h-7" onClick={resend} loading={state === "sending"}>
            Send the link again
          </Button>
        )}
      </div>
    </div>
  );
}
