import type { Metadata } from "next";
import { DealVisibilityForm } from "@/components/team/deal-visibility-form";
import { InviteMemberForm } from "@/components/team/invite-member-form";
import { WorkspaceNameForm } from "@/components/team/workspace-name-form";
import { Avatar } from "@/components/ui/avatar";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { mailIsConfigured } from "@/lib/mail/send";
import { canInWorkspace } from "@/lib/permissions";
import { listMembers, listPendingInvitations } from "@/lib/team";
import { getWorkspace } from "@/lib/workspace/settings";

export const metadata: Metadata = { title: "Team" };

export default async function SettingsPage() {
  const caller = await requireCaller();
  const [members, invitations, workspace] = await Promise.all([
    listMembers(getDb(), caller),
    canInWorkspace(caller, "manage_team") ? listPendingInvitations(getDb(), caller) : Promise.resolve([]),
    getWorkspace(getDb(), caller),
  ]);
  return (
    <main className="mx-auto w-full max-w-3xl space-y-6 p-6">
      <div>
        <h1 className="text-xl font-semibold">{caller.tenantName}</h1>
        <p className="text-sm text-muted">
          {members.length} {members.length === 1 ? "member" : "members"}. Owners and admins manage the pipeline; members are sales reps.
        </p>
        {!caller.isManager && workspace.deal_visibility === "own" ? (
          <p className="mt-1 text-sm text-muted">In this workspace you see the deals assigned to you; managers see every deal.</p>
        ) : null}
      </div>
      {canInWorkspace(caller, "manage_settings") && <WorkspaceNameForm organizationId={caller.tenantId} name={caller.tenantName} />}
      {canInWorkspace(caller, "manage_settings") && <DealVisibilityForm visibility={workspace.deal_visibility} />}
      {canInWorkspace(caller, "manage_team") && <InviteMemberForm invitations={invitations} mailConfigured={mailIsConfigured()} />}
      <section aria-labelledby="members-heading" className="rounded-lg border border-slate-200 bg-surface">
        <h2 id="members-heading" className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
          Members
        </h2>
        <ul className="divide-y divide-slate-100">
          {members.map((m) => (
            <li key={m.id} className="flex items-center gap-3 px-4 py-2.5">
              <Avatar name={m.name} className="h-8 w-8 text-xs" />
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm font-medium">{m.name}</div>
                <div className="truncate text-xs text-muted">{m.email}</div>
              </div>
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs capitalize text-slate-700">{m.role}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
