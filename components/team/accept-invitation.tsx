"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

export function AcceptInvitation({
  invitationId,
  signedInAs,
  invitedEmail,
}: {
  invitationId: string;
  signedInAs: string;
  invitedEmail: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mismatch = signedInAs.toLowerCase() !== invitedEmail.toLowerCase();

  async function accept() {
    setPending(true);
    setError(null);
    const result = await authClient.organization.acceptInvitation({ invitationId });
    if (result.error || !result.data) {
      setPending(false);
      setError(result.error?.message ?? "Could not accept the invitation.");
      return;
    }
    await authClient.organization.setActive({ organizationId: result.data.member.organizationId });
    router.replace("/board");
    router.refresh();
  }

  return (
    <div className="mt-5 space-y-3">
      <p className="text-sm">
        Signed in as <strong>{signedInAs}</strong>.
      </p>
      {mismatch ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          This invitation is for {invitedEmail}. Sign out and sign in (or create an account) with that address to accept it.
        </p>
      ) : (
        <Button className="w-full" onClick={accept} loading={pending}>
          Accept invitation
        </Button>
      )}
      <FieldError message={error ?? undefined} />
    </div>
  );
}
