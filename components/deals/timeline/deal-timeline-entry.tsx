"use client";

import { MoreHorizontal, Pencil, Trash2, UserRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/api-client";
import type { Activity } from "@/lib/deals/schema";
import type { TimelineEntry } from "@/lib/deals/timeline-format";
import { canOnActivity, isSystemActivity } from "@/lib/permissions";
import { useUpdateActivity } from "@/lib/queries/use-activities";
import { dueAtFrom, dueDay, dueTime } from "@/lib/tasks/due";
import { TaskFields } from "./task-fields";
import { TimelineItem } from "./timeline-item";

export interface TimelineViewer {
  id: string;
  isManager: boolean;
}

/**
 * One entry of a deal's timeline with what the viewer may do to it (lib/permissions.ts
 * `canOnActivity`): tick a task done, edit the text (and a task's due and assignee), delete it
 * (with Undo, `onDelete`). System entries only show.
 */
export function DealTimelineEntry({
  activity,
  entry,
  now,
  locale,
  last,
  viewer,
  dealOwnerId,
  members,
  onDelete,
}: {
  activity: Activity;
  entry: TimelineEntry;
  now: number | null;
  locale: string;
  last: boolean;
  viewer: TimelineViewer | null;
  dealOwnerId: string | null;
  members: { id: string; name: string }[];
  onDelete: (activity: Activity) => void;
}) {
  const t = useTranslations("tasks.task");
  const uid = useId();
  const update = useUpdateActivity(activity.deal_id);
  const [editing, setEditing] = useState(false);
  const [content, setContent] = useState("");
  const [day, setDay] = useState<string | null>(null);
  const [time, setTime] = useState("");
  const [assignee, setAssignee] = useState("");
  const [error, setError] = useState<string | null>(null);
  const pending = activity.id.startsWith("pending-");
  const isTask = activity.type === "task";
  const deal = { assigned_member_id: dealOwnerId };
  const may = (action: "edit" | "delete" | "complete") =>
    !pending && viewer !== null && !isSystemActivity(activity) && canOnActivity({ userId: viewer.id, isManager: viewer.isManager }, action, activity, deal);

  const onFailure = (err: Error) => {
    if (err instanceof ApiError && err.status === 409) toast.error(t("conflict"));
    else toast.error(t("saveFailed"), { description: err.message });
  };

  function startEditing() {
    setContent(activity.content ?? "");
    setDay(activity.due_at ? dueDay(activity.due_at) : null);
    setTime(dueTime(activity.due_at));
    setAssignee(activity.assignee_id ?? "");
    setError(null);
    setEditing(true);
  }

  function save(e: React.FormEvent) {
    e.preventDefault();
    if (!content.trim()) {
      setError(t("required"));
      return;
    }
    const dueAt = day ? dueAtFrom(day, time) : null;
    const patch = {
      ...(content.trim() !== (activity.content ?? "") ? { content } : {}),
      ...(isTask && dueAt !== activity.due_at ? { due_at: dueAt } : {}),
      ...(isTask && (assignee || null) !== activity.assignee_id ? { assignee_id: assignee || null } : {}),
    };
    setEditing(false);
    if (Object.keys(patch).length === 0) return;
    update.mutate({ activity, patch }, { onError: onFailure });
  }

  const check =
    isTask && activity.content ? (
      <input
        type="checkbox"
        className="mt-0.5 h-4 w-4 shrink-0 accent-emerald-600"
        checked={activity.done}
        disabled={!may("complete")}
        aria-label={activity.done ? t("markOpen", { content: activity.content }) : t("markDone", { content: activity.content })}
        onChange={(e) => update.mutate({ activity, patch: { done: e.target.checked } }, { onError: onFailure })}
      />
    ) : undefined;

  const assigneeName = activity.assignee_id ? (activity.assignee_name ?? members.find((m) => m.id === activity.assignee_id)?.name ?? null) : null;
  const meta = isTask ? (
    <span className="inline-flex items-center gap-1 text-slate-600">
      <UserRound className="h-3.5 w-3.5" aria-hidden />
      {assigneeName ? t("assignedTo", { name: assigneeName }) : t("unassigned")}
    </span>
  ) : undefined;

  const canEdit = may("edit");
  const canDelete = may("delete");
  const menu =
    canEdit || canDelete ? (
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="h-7 w-7 shrink-0" aria-label={t("actions")}>
            <MoreHorizontal className="h-4 w-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          {canEdit ? (
            <DropdownMenuItem onSelect={startEditing}>
              <Pencil className="h-4 w-4" aria-hidden /> {t("edit")}
            </DropdownMenuItem>
          ) : null}
          {canDelete ? (
            <DropdownMenuItem onSelect={() => onDelete(activity)} className="text-red-700">
              <Trash2 className="h-4 w-4" aria-hidden /> {t("delete")}
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    ) : undefined;

  const editor = editing ? (
    <form onSubmit={save} className="mt-1.5 space-y-2 rounded-md border border-slate-300 bg-surface p-2 shadow-xs" aria-label={t("edit")}>
      <Textarea
        id={`${uid}-content`}
        aria-label={t("content")}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        maxLength={10000}
        className="min-h-16"
        aria-invalid={error ? true : undefined}
        autoFocus
      />
      {error ? <p className="text-xs text-red-700">{error}</p> : null}
      {isTask ? <TaskFields idPrefix={uid} day={day} time={time} assignee={assignee} members={members} onDay={setDay} onTime={setTime} onAssignee={setAssignee} /> : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" size="sm" onClick={() => setEditing(false)}>
          {t("cancel")}
        </Button>
        <Button type="submit" size="sm">
          {t("save")}
        </Button>
      </div>
    </form>
  ) : undefined;

  return (
    <TimelineItem entry={entry} now={now} locale={locale} pending={pending} last={last} done={isTask && activity.done} slots={{ check, menu, editor, meta }} />
  );
}
