"use client";

import { Copy, MailCheck, RotateCw, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SettingsSection } from "@/components/ui/settings-section";
import { useLocale } from "@/components/ui/use-locale";
import { authClient } from "@/lib/auth-client";
import type { PendingInvitation } from "@/lib/team";

type Role = "member" | "admin";
const ROLES: Role[] = ["member", "admin"];
const inviteRole = (role: string | null): Role => (role === "admin" ? "admin" : "member");

/**
 * Managers invite by email. With a mail server the invitation goes to the invitee's inbox; without
 * one (local use) the new link is shown here to pass on. A link is shown once: sending again makes
 * a new one and the old one stops working. Withdrawing asks first.
 */
export function InviteMemberForm({ invitations, mailConfigured }: { invitations: PendingInvitation[]; mailConfigured: boolean }) {
  const t = useTranslations("settings");
  const locale = useLocale();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ email: string; link?: string } | null>(null);
  const [withdrawing, setWithdrawing] = useState<PendingInvitation | null>(null);
  const expires = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });

  async function send(to: string, asRole: Role, resend: boolean): Promise<boolean> {
    setError(null);
    setPending(resend ? to : "new");
    const result = await authClient.organization.inviteMember({ email: to, role: asRole, resend });
    setPending(null);
    if (result.error || !result.data) {
      setError(t("invite.sendFailed"));
      return false;
    }
    // The auth route adds the link when no mail server would deliver it.
    setIssued({ email: to, link: (result.data as { link?: string }).link });
    router.refresh();
    return true;
  }

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (await send(email.trim(), role, false)) setEmail("");
  }

  async function withdraw(invitation: PendingInvitation) {
    setError(null);
    setPending(`cancel:${invitation.id}`);
    const result = await authClient.organization.cancelInvitation({ invitationId: invitation.id });
    setPending(null);
    setWithdrawing(null);
    if (result.error) return setError(t("invite.withdrawFailed"));
    if (issued?.email === invitation.email) setIssued(null);
    toast.success(t("invite.withdrawn", { email: invitation.email }));
    router.refresh();
  }

  async function copy(link: string) {
    await navigator.clipboard?.writeText(link).catch(() => {});
    toast.success(t("invite.copied"));
  }

  return (
    <SettingsSection id="invite" heading={t("invite.heading")} intro={mailConfigured ? t("invite.introMail") : t("invite.introNoMail")}>
      <form onSubmit={onSubmit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="invite-email">{t("invite.email")}</Label>
          <Input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="relative w-40 space-y-1.5">
          <Label htmlFor="invite-role">{t("invite.role")}</Label>
          <Select
            id="invite-role"
            aria-label={t("invite.role")}
            value={role}
            onValueChange={(v) => setRole(v as Role)}
            options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </div>
        <Button type="submit" loading={pending === "new"}>
          {t("invite.submit")}
        </Button>
      </form>
      <FieldError message={error ?? undefined} />
      {issued && (
        <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
          {issued.link ? (
            <>
              <p className="font-medium text-emerald-900">{t("invite.ready", { email: issued.email })}</p>
              <div className="mt-2 flex items-center gap-2">
                <code data-testid="invitation-link" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs">
                  {issued.link}
                </code>
                <Button size="sm" variant="secondary" onClick={() => copy(issued.link!)}>
                  <Copy className="h-3.5 w-3.5" aria-hidden /> {t("invite.copy")}
                </Button>
              </div>
              <p className="mt-2 text-xs text-emerald-900">{t("invite.shownOnce")}</p>
            </>
          ) : (
            <p className="flex items-center gap-2 font-medium text-emerald-900">
              <MailCheck className="h-4 w-4" aria-hidden /> {t("invite.sent", { email: issued.email })}
            </p>
          )}
        </div>
      )}
      {invitations.length > 0 ? (
        <div className="mt-4">
          <h3 className="text-xs font-medium text-muted uppercase">{t("invite.pending")}</h3>
          <ul className="mt-1 divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1 py-1.5">
                <span className="min-w-0 truncate">
                  {i.email}{" "}
                  <span className="text-xs text-muted">
                    ({i.role === "admin" ? t("roles.admin") : t("roles.member")} · {t("invite.expires", { date: expires.format(new Date(i.expires_at)) })})
                  </span>
                </span>
                <span className="flex gap-1">
                  <Button
                    size="sm"
                    variant="ghost"
                    className="h-11 sm:h-7"
                    aria-label={t("invite.sendAgainLabel", { email: i.email })}
                    loading={pending === i.email}
                    onClick={() => send(i.email, inviteRole(i.role), true)}
                  >
                    <RotateCw className="h-3.5 w-3.5" aria-hidden /> {t("invite.sendAgain")}
                  </Button>
                  <Button size="sm" variant="ghost" className="h-11 sm:h-7" aria-label={t("invite.withdrawLabel", { email: i.email })} onClick={() => setWithdrawing(i)}>
                    <X className="h-3.5 w-3.5" aria-hidden /> {t("invite.withdraw")}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="mt-4 text-xs text-muted">{t("invite.none")}</p>
      )}
      <AlertDialog open={withdrawing !== null} onOpenChange={(open) => !open && setWithdrawing(null)}>
        {withdrawing && (
          <AlertDialogContent title={t("invite.withdrawTitle", { email: withdrawing.email })} description={t("invite.withdrawBody")}>
            <AlertDialogCancel asChild>
              <Button variant="secondary">{t("invite.cancel")}</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button
                variant="danger"
                loading={pending === `cancel:${withdrawing.id}`}
                onClick={(event) => {
                  event.preventDefault();
                  void withdraw(withdrawing);
                }}
              >
                {t("invite.withdrawConfirm")}
              </Button>
            </AlertDialogAction>
          </AlertDialogContent>
        )}
      </AlertDialog>
    </SettingsSection>
  );
}
