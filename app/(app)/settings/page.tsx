import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { DealVisibilityForm } from "@/components/team/deal-visibility-form";
import { InviteMemberForm } from "@/components/team/invite-member-form";
import { MemberList } from "@/components/team/member-list";
import { WorkspaceNameForm } from "@/components/team/workspace-name-form";
import { WorkspaceSwitcher } from "@/components/team/workspace-switcher";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { INTL_LOCALE, isLocale } from "@/lib/i18n/config";
import { mailIsConfigured } from "@/lib/mail/send";
import { canInWorkspace } from "@/lib/permissions";
import { listMembers, listMemberships, listPendingInvitations } from "@/lib/team";
import { getWorkspace } from "@/lib/workspace/settings";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings");
  return { title: t("team.metaTitle") };
}

export default async function SettingsPage() {
  const caller = await requireCaller("/settings");
  const [members, invitations, workspace, memberships, t, locale] = await Promise.all([
    listMembers(caller.tenantId),
    canInWorkspace(caller, "manage_team") ? listPendingInvitations(caller.tenantId) : Promise.resolve([]),
    getWorkspace(getDb(), caller),
    listMemberships(caller.userId),
    getTranslations("settings"),
    getLocale(),
  ]);
  // Names sort the way the page's language reads them (Japanese names by their kana-aware order).
  const collator = new Intl.Collator(INTL_LOCALE[isLocale(locale) ? locale : "en"]);
  const sorted = [...members].sort((a, b) => collator.compare(a.name, b.name));
  const managesSettings = canInWorkspace(caller, "manage_settings");
  const managesTeam = canInWorkspace(caller, "manage_team");
  return (
    <>
      <div>
        <h1 className="text-xl font-semibold break-words">{caller.tenantName}</h1>
        <p className="text-sm text-muted">{t("team.memberCount", { count: members.length })}</p>
        {!caller.isManager && workspace.deal_visibility === "own" ? <p className="mt-1 text-sm text-muted">{t("team.ownDealsOnly")}</p> : null}
      </div>
      {memberships.length > 1 && <WorkspaceSwitcher memberships={memberships} activeId={caller.tenantId} />}
      {managesSettings && <WorkspaceNameForm organizationId={caller.tenantId} name={caller.tenantName} />}
      {managesSettings && <DealVisibilityForm visibility={workspace.deal_visibility} />}
      {managesTeam && <InviteMemberForm invitations={invitations} mailConfigured={mailIsConfigured()} />}
      <MemberList
        members={sorted}
        me={{ userId: caller.userId, role: caller.role, isManager: caller.isManager }}
        organizationId={caller.tenantId}
        workspaceName={caller.tenantName}
      />
    </>
  );
}
