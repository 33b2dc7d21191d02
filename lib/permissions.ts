import { isManagerRole, MANAGER_ROLES } from "./roles";

/**
 * Who may do what, in one place. A pure module: the API's services enforce these rules and the UI
 * asks the same functions which controls to offer, so the two can never disagree.
 *
 * Roles: owners and admins are managers; members are sales reps.
 *
 * Deal visibility is a workspace setting:
 * - `all` (the default): every member sees every deal of the workspace;
 * - `own`: reps see only the deals assigned to them; managers still see every deal.
 * A deal the caller cannot see does not exist for them: reads, writes, events and totals leave it
 * out, and a request naming it is a 404 like another workspace's deal.
 *
 * On a deal the caller can see:
 * - read, edit its fields, move it between stages and log activities: everyone;
 * - reassign it (change `assigned_member_id`): managers, and a rep for a deal assigned to him
 *   (he may hand it to a colleague, never take a colleague's or an unassigned deal);
 * - delete and restore: managers, and a rep for a deal assigned to him. Because a rep cannot make
 *   himself the owner of someone else's deal, he cannot delete it either.
 */

export { isManagerRole, MANAGER_ROLES };

export const DEAL_VISIBILITIES = ["all", "own"] as const;
export type DealVisibility = (typeof DEAL_VISIBILITIES)[number];
export const DEFAULT_DEAL_VISIBILITY: DealVisibility = "all";

/** The person (or integration acting for one) a rule is asked about. */
export interface Actor {
  userId: string;
  isManager: boolean;
  /** The workspace's deal visibility setting. */
  dealVisibility: DealVisibility;
}

/** What a rule needs to know about a deal. */
interface DealOwnership {
  assigned_member_id: string | null;
}

export const DEAL_ACTIONS = ["read", "edit", "move", "comment", "reassign", "delete", "restore"] as const;
export type DealAction = (typeof DEAL_ACTIONS)[number];

/** Whether the actor sees every deal of the workspace (else only those assigned to them). */
export function seesAllDeals(actor: Pick<Actor, "isManager" | "dealVisibility">): boolean {
  return actor.isManager || actor.dealVisibility === "all";
}

/** Whether the actor can see this deal at all. */
export function canSeeDeal(actor: Actor, deal: DealOwnership): boolean {
  return seesAllDeals(actor) || deal.assigned_member_id === actor.userId;
}

const ownsDeal = (actor: Actor, deal: DealOwnership) => deal.assigned_member_id !== null && deal.assigned_member_id === actor.userId;

/** Whether the actor may do `action` on `deal`. Every action requires seeing the deal first. */
export function canOnDeal(actor: Actor, action: DealAction, deal: DealOwnership): boolean {
  if (!canSeeDeal(actor, deal)) return false;
  switch (action) {
    case "read":
    case "edit":
    case "move":
    case "comment":
      return true;
    case "reassign":
    case "delete":
    case "restore":
      return actor.isManager || ownsDeal(actor, deal);
  }
}

/** Why `canOnDeal` refused an action on a deal the actor can see: the sentence of the 403. */
export function refusalMessage(action: DealAction): string {
  switch (action) {
    case "reassign":
      return "Only a manager or the deal's owner can change who owns it.";
    case "delete":
    case "restore":
      return "Only a manager or the deal's owner can delete or restore it.";
    default:
      return "You do not have permission to do this.";
  }
}

/**
 * Companies and contacts are shared by the workspace: everyone reads and edits them; deleting one
 * is for managers and for the person who added it.
 */
export function canDeleteRecord(actor: Pick<Actor, "userId" | "isManager">, record: { created_by: string | null }): boolean {
  return actor.isManager || (record.created_by !== null && record.created_by === actor.userId);
}

export const WORKSPACE_ACTIONS = [
  /** Rename the workspace, change its settings (deal visibility). */
  "manage_settings",
  /** Invite people, read and revoke invitations, change roles, remove members. */
  "manage_team",
  /** The manager views: the pipeline report, totals by owner, forecasts. */
  "view_reports",
  /** Create, change and delete pipelines and their stages (everyone reads them). */
  "manage_pipelines",
  /** Create, list and revoke the workspace's API keys (from a person's session only). */
  "manage_api_keys",
  /** Register, change and delete webhook endpoints, read and retry their deliveries (from a person's session only). */
  "manage_webhooks",
] as const;
type WorkspaceAction = (typeof WORKSPACE_ACTIONS)[number];

/** Workspace-level actions are for managers. */
export function canInWorkspace(actor: Pick<Actor, "isManager">, _action: WorkspaceAction): boolean {
  return actor.isManager;
}

/** A membership as the team rules see it. */
export interface TeamMemberRef {
  userId: string;
  role: string;
}

export const MEMBER_ACTIONS = ["change_role", "remove"] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/**
 * Whether `actor` may change `target`'s role or remove them from the workspace: managers may, on
 * someone other than themselves (leaving or demoting oneself is not done from the team list), and
 * only an owner may touch an owner, so an admin cannot take over or lock out the workspace's owners.
 */
export function canManageMember(actor: TeamMemberRef & Pick<Actor, "isManager">, target: TeamMemberRef, _action: MemberAction): boolean {
  if (!actor.isManager || actor.userId === target.userId) return false;
  const isOwner = (role: string) => role.split(",").some((r) => r.trim() === "owner");
  return !isOwner(target.role) || isOwner(actor.role);
}

/**
 * A deal's timeline entries (on a deal the actor can see):
 * - the system's entries (created, field and stage changes, deleted, restored) are the record of
 *   what happened: nobody edits or deletes them;
 * - a note, call, email, meeting or task is edited and deleted by its author, or by a manager;
 * - a task is also marked done (or open again) by its assignee and by the deal's owner, who do
 *   the work it names.
 */
export const ACTIVITY_ACTIONS = ["edit", "delete", "complete"] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const SYSTEM_ACTIVITY_TYPES: ReadonlySet<string> = new Set(["created", "field_change", "stage_change", "deleted", "restored"]);

interface ActivityOwnership {
  type: string;
  created_by: string | null;
  assignee_id: string | null;
}

/** Whether an entry is one the system wrote (never edited or deleted). */
export const isSystemActivity = (activity: Pick<ActivityOwnership, "type">): boolean => SYSTEM_ACTIVITY_TYPES.has(activity.type);

export function canOnActivity(actor: Pick<Actor, "userId" | "isManager">, action: ActivityAction, activity: ActivityOwnership, deal: DealOwnership): boolean {
  if (isSystemActivity(activity)) return false;
  const isAuthor = activity.created_by !== null && activity.created_by === actor.userId;
  if (actor.isManager || isAuthor) return true;
  if (action !== "complete" || activity.type !== "task") return false;
  return activity.assignee_id === actor.userId || (deal.assigned_member_id !== null && deal.assigned_member_id === actor.userId);
}

/**
 * CSV imports: everyone who may create deals, companies and contacts (every member) may import
 * them. Managers see every import of the workspace and a rep his own; undoing one is for the
 * person who imported it and for managers.
 */
export function canSeeImport(actor: Pick<Actor, "userId" | "isManager">, upload: { created_by: string }): boolean {
  return actor.isManager || upload.created_by === actor.userId;
}

export const canUndoImport = canSeeImport;
