"use client";

import { ArrowRight, CalendarClock, CheckSquare, Mail, MessageSquare, Pencil, Phone, PlusCircle, RotateCcw, Trash2, TrendingUp, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import type { Activity } from "@/lib/deals/schema";
import { formatRelative } from "@/lib/format";
import { dueState } from "@/lib/tasks/due";
import type { TimelineEntry } from "@/lib/deals/timeline-format";
import { cn } from "@/lib/utils";

const ICONS: Record<string, { icon: typeof Phone; tone: string }> = {
  note: { icon: MessageSquare, tone: "bg-amber-50 text-amber-700 ring-amber-200" },
  call: { icon: Phone, tone: "bg-sky-50 text-sky-700 ring-sky-200" },
  email: { icon: Mail, tone: "bg-indigo-50 text-indigo-700 ring-indigo-200" },
  meeting: { icon: Users, tone: "bg-violet-50 text-violet-700 ring-violet-200" },
  task: { icon: CheckSquare, tone: "bg-emerald-50 text-emerald-700 ring-emerald-200" },
  created: { icon: PlusCircle, tone: "bg-slate-50 text-slate-600 ring-slate-200" },
  stage_change: { icon: TrendingUp, tone: "bg-indigo-50 text-indigo-700 ring-indigo-200" },
  field_change: { icon: Pencil, tone: "bg-slate-50 text-slate-600 ring-slate-200" },
  deleted: { icon: Trash2, tone: "bg-red-50 text-red-700 ring-red-200" },
  restored: { icon: RotateCcw, tone: "bg-green-50 text-green-700 ring-green-200" },
};

/** The sentence with the actor's name set in bold (the name is typed text, the rest is the catalog's). */
function Summary({ summary, actor }: { summary: string; actor: string }) {
  const at = summary.indexOf(actor);
  if (at < 0 || !actor) return <>{summary}</>;
  return (
    <>
      {summary.slice(0, at)}
      <span className="font-medium text-slate-900">{actor}</span>
      {summary.slice(at + actor.length)}
    </>
  );
}

const USER_TYPES = new Set<Activity["type"]>(["note", "call", "email", "meeting", "task"]);

/** One entry of a timeline; `context` is a line above it (e.g. the deal it belongs to, on a company's merged timeline). */
export function TimelineItem({
  entry,
  now,
  locale,
  pending,
  last,
  context,
  done,
  slots,
}: {
  entry: TimelineEntry;
  now: number | null;
  locale: string;
  pending?: boolean;
  last?: boolean;
  context?: React.ReactNode;
  /** A task that is done: its text is struck through and its due no longer warns. */
  done?: boolean;
  /** The deal page's controls: a task's checkbox, the entry's menu, its editor (in place of the text) and extra facts (the assignee). */
  slots?: { check?: React.ReactNode; menu?: React.ReactNode; editor?: React.ReactNode; meta?: React.ReactNode };
}) {
  const t = useTranslations("deal.timeline");
  const tTask = useTranslations("tasks.task");
  const labels = { edited: tTask("edited"), overdue: tTask("overdue"), today: tTask("today"), done: tTask("done") };
  const state = entry.dueAt && now !== null && !done ? dueState(entry.dueAt, new Date(now)) : null;
  const tType = useTranslations("domain.activityTypes");
  const meta = ICONS[entry.type] ?? ICONS.field_change;
  const typeKey = entry.type in ICONS ? entry.type : "field_change";
  const Icon = meta.icon;
  const exact = new Date(entry.occurredAt).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  const userWritten = USER_TYPES.has(entry.type);
  return (
    <li className={cn("relative flex gap-3 pb-5", pending && "opacity-60")} data-activity-type={entry.type} aria-busy={pending || undefined}>
      {!last ? <span className="absolute top-8 bottom-0 left-[15px] w-px bg-slate-200" aria-hidden /> : null}
      <span className={cn("relative z-[1] flex h-8 w-8 shrink-0 items-center justify-center rounded-full ring-1", meta.tone)}>
        <Icon className="h-4 w-4" aria-hidden />
        <span className="sr-only">{tType(typeKey)}</span>
      </span>
      <div className="min-w-0 flex-1 pt-1">
        {context ? <p className="mb-0.5 text-xs text-slate-500">{context}</p> : null}
        <div className="flex items-start gap-2">
          <p className="min-w-0 flex-1 text-sm text-slate-600">
            <Summary summary={entry.summary} actor={entry.actor} />
            <span className="text-slate-500" aria-hidden>
              {" · "}
            </span>
            <time dateTime={entry.occurredAt} title={exact} className="text-slate-500">
              {pending ? t("saving") : now === null ? exact : formatRelative(entry.occurredAt, new Date(now), locale)}
            </time>
            {entry.edited ? <span className="text-slate-500">
                {" · "}
                {labels.edited}
              </span> : null}
          </p>
          {slots?.menu}
        </div>
        {entry.stage ? (
          <p className="mt-1 flex flex-wrap items-center gap-1.5 text-sm">
            {entry.stage.from ? <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{entry.stage.from}</span> : null}
            <ArrowRight className="h-3.5 w-3.5 text-slate-500" aria-label={t("to")} role="img" />
            <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">{entry.stage.to}</span>
          </p>
        ) : null}
        {entry.changes.length > 0 ? (
          <ul className="mt-1.5 space-y-1 rounded-md border border-slate-200 bg-slate-50/60 px-3 py-2 text-xs">
            {entry.changes.map((c) => (
              <li key={c.field} className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2">
                <span className="text-slate-500">{c.label}</span>
                <span className="min-w-0 break-words">
                  <span className="text-slate-500 line-through decoration-slate-300">{c.before}</span>
                  <span className="px-1 text-slate-500" role="img" aria-label={t("changedTo")}>
                    →
                  </span>
                  <span className="font-medium text-slate-900">{c.after}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {slots?.editor ? (
          slots.editor
        ) : entry.body ? (
          <div
            className={cn(
              "mt-1.5 flex items-start gap-2 text-sm break-words whitespace-pre-wrap text-slate-800",
              userWritten && "rounded-md border border-slate-200 bg-surface px-3 py-2 shadow-xs",
            )}
          >
            {slots?.check}
            <span className={cn("min-w-0 flex-1", done && "text-slate-500 line-through decoration-slate-400")}>{entry.body}</span>
          </div>
        ) : null}
        {(entry.due || slots?.meta) && !slots?.editor ? (
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-xs">
            {entry.due ? (
              <span
                className={cn(
                  "inline-flex items-center gap-1 rounded px-1.5 py-0.5",
                  done ? "bg-slate-100 text-slate-600" : state === "overdue" ? "bg-red-50 text-red-700" : state === "today" ? "bg-amber-50 text-amber-800" : "bg-emerald-50 text-emerald-800",
                )}
              >
                <CalendarClock className="h-3.5 w-3.5" aria-hidden /> {t("due", { date: entry.due })}
                {state === "overdue" ? <span className="font-medium">
                    {" · "}
                    {labels.overdue}
                  </span> : state === "today" ? <span className="font-medium">
                    {" · "}
                    {labels.today}
                  </span> : null}
                {done ? <span className="font-medium">
                    {" · "}
                    {labels.done}
                  </span> : null}
              </span>
            ) : null}
            {slots?.meta}
          </p>
        ) : null}
      </div>
    </li>
  );
}
