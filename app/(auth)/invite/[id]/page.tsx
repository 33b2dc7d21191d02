import { MailWarning } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/team/accept-invitation";
import { currentSessionUser } from "@/lib/current-caller";
import { invitationForLink, roleLabel } from "@/lib/invitations";
import { mailIsConfigured } from "@/lib/mail/send";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

/**
 * Where an invitation link leads: `/invite/{id}?token={secret}`. Only the link's holder sees the
 * invitation; joining then takes an account with the invited address, confirmed.
 */
export default async function InvitePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ token?: string }> }) {
  const [{ id }, { token }] = await Promise.all([params, searchParams]);
  const secret = typeof token === "string" ? token : "";
  const [invitation, user] = await Promise.all([invitationForLink(id, secret), currentSessionUser()]);
  const valid = invitation && invitation.status === "pending" && invitation.expiresAt > new Date();
  const here = `/invite/${encodeURIComponent(id)}?token=${encodeURIComponent(secret)}`;
  const withNext = (path: string) => `${path}?${new URLSearchParams({ next: here, email: invitation?.email ?? "" })}`;

  // Inside the sign-in pages' layout: the same card, under the product's name.
  return (
    <>
        {!valid ? (
          <>
            <div className="flex h-10 w-10 items-center justify-center rounded-full bg-amber-50 text-amber-700">
              <MailWarning className="h-5 w-5" aria-hidden />
            </div>
            <h1 className="mt-4 text-lg font-semibold">Invitation not available</h1>
            <p className="mt-1 text-sm text-muted">
              This invitation link is not valid: it may have been used, replaced by a newer one, withdrawn, or it expired. Ask your manager to send it again.
            </p>
            <p className="mt-4 text-sm">
              <Link className="font-medium text-accent hover:underline" href={user ? "/board" : "/login"}>
                {user ? "Go to your board" : "Sign in"}
              </Link>
            </p>
          </>
        ) : (
          <>
            <p className="text-xs font-medium tracking-wide text-muted uppercase">Invitation</p>
            <h1 className="mt-1 text-lg font-semibold">Join {invitation.organizationName}</h1>
            <p className="mt-1 text-sm text-muted">
              {invitation.inviterName} invited <strong className="break-all text-slate-900">{invitation.email}</strong> to join as a {roleLabel(invitation.role)}.
            </p>
            {user ? (
              <AcceptInvitation
                invitationId={invitation.id}
                token={secret}
                signedInAs={user.email}
                emailVerified={user.emailVerified}
                invitedEmail={invitation.email}
                returnTo={here}
                mailConfigured={mailIsConfigured()}
              />
            ) : (
              <>
                <p className="mt-4 text-sm text-muted">Sign in, or create your account with {invitation.email}, to accept.</p>
                <div className="mt-4 flex flex-col gap-2 sm:flex-row">
                  <Link
                    className="inline-flex h-11 flex-1 items-center justify-center rounded-md bg-accent px-3 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 sm:h-9"
                    href={withNext("/signup")}
                  >
                    Create account
                  </Link>
                  <Link
                    className="inline-flex h-11 flex-1 items-center justify-center rounded-md border border-slate-300 bg-surface px-3 text-sm font-medium shadow-sm hover:bg-slate-50 sm:h-9"
                    href={withNext("/login")}
                  >
                    Sign in
                  </Link>
                </div>
              </>
            )}
          </>
        )}
    </>
  );
}
