"use client";

import { UserMinus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { authClient } from "@/lib/auth-client";
import { canManageMember } from "@/lib/permissions";
import type { TeamMember } from "@/lib/team";

type Role = "owner" | "admin" | "member";
const CHANGE_ROLE = "change_role";
const roleOf = (role: string): Role => (role.split(",").some((r) => r.trim() === "owner") ? "owner" : role.includes("admin") ? "admin" : "member");

/**
 * The workspace's members. Managers change others' roles and remove them (lib/permissions.ts
 * `canManageMember` decides which rows offer it; better-auth's organization endpoints enforce it
 * again on the server). Removing asks first.
 */
export function MemberList({
  members,
  me,
  organizationId,
  workspaceName,
}: {
  members: TeamMember[];
  me: { userId: string; role: string; isManager: boolean };
  organizationId: string;
  workspaceName: string;
}) {
  const t = useTranslations("settings");
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [removing, setRemoving] = useState<TeamMember | null>(null);

  async function changeRole(member: TeamMember, role: Role) {
    if (role === roleOf(member.role)) return;
    setPending(member.member_id);
    const result = await authClient.organization.updateMemberRole({ memberId: member.member_id, role, organizationId });
    setPending(null);
    if (result.error) return void toast.error(t("team.roleChangeFailed", { name: member.name }));
    toast.success(t("team.roleChanged", { name: member.name, role }));
    router.refresh();
  }

  async function remove(member: TeamMember) {
    setPending(member.member_id);
    const result = await authClient.organization.removeMember({ memberIdOrEmail: member.member_id, organizationId });
    setPending(null);
    setRemoving(null);
    if (result.error) return void toast.error(t("team.removeFailed", { name: member.name }));
    toast.success(t("team.removed", { name: member.name }));
    router.refresh();
  }

  const roleOptions = (member: TeamMember) => [
    ...(roleOf(member.role) === "owner" || roleOf(me.role) === "owner" ? [{ value: "owner", label: t("roles.owner") }] : []),
    { value: "admin", label: t("roles.admin") },
    { value: "member", label: t("roles.member") },
  ];

  return (
    <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-surface">
      <h2 id="members-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        {t("team.membersHeading")}
      </h2>
      <ul className="divide-y divide-slate-100">
        {members.map((m) => {
          const manageable = canManageMember(me, { userId: m.id, role: m.role }, CHANGE_ROLE);
          return (
            <li key={m.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2.5" data-testid="member-row">
              <Avatar name={m.name} className="h-8 w-8 text-xs" />
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm font-medium">
                  {m.name}
                  {m.id === me.userId && <span className="ml-1.5 text-xs font-normal text-muted">({t("team.you")})</span>}
                </div>
                <div className="truncate text-xs text-muted">{m.email}</div>
              </div>
              {manageable ? (
                <div className="flex w-full items-center gap-1 pl-11 sm:w-auto sm:pl-0">
                  <Select
                    aria-label={t("team.roleLabel", { name: m.name })}
                    value={roleOf(m.role)}
                    onValueChange={(v) => changeRole(m, v as Role)}
                    options={roleOptions(m)}
                    disabled={pending === m.member_id}
                    className="h-11 min-w-0 flex-1 sm:h-8 sm:w-36 sm:flex-none"
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    className="h-11 sm:h-8"
                    aria-label={t("team.removeLabel", { name: m.name })}
                    title={t("team.removeLabel", { name: m.name })}
                    onClick={() => setRemoving(m)}
                  >
                    <UserMinus className="h-4 w-4" aria-hidden />
                    <span className="sr-only sm:not-sr-only">{t("team.remove")}</span>
                  </Button>
                </div>
              ) : (
                <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t(`roles.${roleOf(m.role)}`)}</span>
              )}
            </li>
          );
        })}
      </ul>
      <AlertDialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)}>
        {removing && (
          <AlertDialogContent
            title={t("team.removeTitle", { name: removing.name })}
            description={t("team.removeBody", { name: removing.name, workspace: workspaceName })}
          >
            <AlertDialogCancel asChild>
              <Button variant="secondary">{t("team.cancel")}</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button
                variant="danger"
                loading={pending === removing.member_id}
                onClick={(event) => {
                  event.preventDefault();
                  void remove(removing);
                }}
              >
                {t("team.removeConfirm")}
              </Button>
            </AlertDialogAction>
          </AlertDialogContent>
        )}
      </AlertDialog>
    </section>
  );
}
