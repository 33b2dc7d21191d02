import { MailWarning } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AcceptInvitation } from "@/components/team/accept-invitation";
import { currentSessionUser } from "@/lib/current-caller";
import { invitationForLink, roleKind } from "@/lib/invitations";
import { mailIsConfigured } from "@/lib/mail/send";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("meta.invitation") };
}
export const dynamic = "force-dynamic";

const strong = (chunks: React.ReactNode) => <strong className="break-all text-slate-900">{chunks}</strong>;

/**
 * Where an invitation link leads: `/invite/{id}?token={secret}`. Only the link's holder sees the
 * invitation; joining then takes an account with the invited address, confirmed. Someone without
 * an account signs up from here with the address filled in, and gets no workspace of their own.
 */
export default async function InvitePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ token?: string }> }) {
  const [{ id }, { token }] = await Promise.all([params, searchParams]);
  const secret = typeof token === "string" ? token : "";
  const [invitation, user, t] = await Promise.all([invitationForLink(id, secret), currentSessionUser(), getTranslations("auth.invite")]);
  const valid = invitation && invitation.status === "pending" && invitation.expiresAt > new Date();
  const here = `/invite/${encodeURIComponent(id)}?token=${encodeURIComponent(secret)}`;
  const withNext = (path: string) => `${path}?${new URLSearchParams({ next: here, email: invitation?.email ?? "" })}`;

  // Inside the sign-in pages' layout: the same card, under the product's name.
  if (!valid) {
    return (
      <>
        <div className="flex h-10 w-10 items-center justify-center rounded-full bg-amber-50 text-amber-700">
          <MailWarning className="h-5 w-5" aria-hidden />
        </div>
        <h1 className="mt-4 text-lg font-semibold">{t("unavailableTitle")}</h1>
        <p className="mt-1 text-sm text-muted">{t("unavailableBody")}</p>
        <p className="mt-4 text-sm">
          <Link className="font-medium text-accent hover:underline" href={user ? "/board" : "/login"}>
            {user ? t("goToBoard") : t("signIn")}
          </Link>
        </p>
      </>
    );
  }
  const invitedBy = t.rich("body", { inviter: invitation.inviterName, email: invitation.email, role: roleKind(invitation.role), strong });
  return (
    <>
      <p className="text-xs font-medium tracking-wide text-muted uppercase">{t("eyebrow")}</p>
      <h1 className="mt-1 text-lg font-semibold">{t("title", { workspace: invitation.organizationName })}</h1>
      <p className="mt-1 text-sm text-muted">
        {invitedBy}
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
          <p className="mt-4 text-sm text-muted">{t("signInToAccept", { email: invitation.email })}</p>
          <div className="mt-4 flex flex-col gap-2 sm:flex-row">
            <Link
              className="inline-flex h-11 flex-1 items-center justify-center rounded-md bg-accent px-3 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 sm:h-9"
              href={withNext("/signup")}
            >
              {t("createAccount")}
            </Link>
            <Link
              className="inline-flex h-11 flex-1 items-center justify-center rounded-md border border-slate-300 bg-surface px-3 text-sm font-medium shadow-sm hover:bg-slate-50 sm:h-9"
              href={withNext("/login")}
            >
              {t("signIn")}
            </Link>
          </div>
        </>
      )}
    </>
  );
}
