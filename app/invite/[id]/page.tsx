import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AcceptInvitation } from "@/components/team/accept-invitation";
import { resolveCaller } from "@/lib/api/session";
import { getInvitationSummary } from "@/lib/team";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [invitation, caller] = await Promise.all([getInvitationSummary(id), resolveCaller(await headers())]);
  const valid = invitation && invitation.status === "pending" && new Date(invitation.expiresAt) > new Date();
  const next = `/invite/${id}`;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-surface p-6 shadow-sm">
        {!valid ? (
          <>
            <h1 className="text-lg font-semibold">Invitation not available</h1>
            <p className="mt-1 text-sm text-muted">This invitation link is invalid, already used, or expired. Ask your manager for a new one.</p>
          </>
        ) : (
          <>
            <h1 className="text-lg font-semibold">Join {invitation.organizationName}</h1>
            <p className="mt-1 text-sm text-muted">
              {invitation.inviterName} invited <strong>{invitation.email}</strong> to the team.
            </p>
            {caller.ok ? (
              <AcceptInvitation invitationId={id} signedInAs={caller.caller.userEmail} invitedEmail={invitation.email} />
            ) : (
              <div className="mt-5 flex gap-2">
                <Link className="inline-flex h-9 flex-1 items-center justify-center rounded-md bg-accent px-3 text-sm font-medium text-white" href={`/signup?next=${encodeURIComponent(next)}`}>
                  Create account
                </Link>
                <Link className="inline-flex h-9 flex-1 items-center justify-center rounded-md border border-slate-300 px-3 text-sm font-medium" href={`/login?next=${encodeURIComponent(next)}`}>
                  Sign in
                </Link>
              </div>
            )}
          </>
        )}
      </div>
    </main>
  );
}
