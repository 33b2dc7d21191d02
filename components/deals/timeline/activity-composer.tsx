"use client";

import { CheckSquare, Mail, MessageSquare, Phone, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DatePicker } from "@/components/ui/date-picker";
import { FieldError, Label, Textarea } from "@/components/ui/input";
import { activityCreateSchema } from "@/lib/deals/schema";
import type { UserActivityType } from "@/lib/deals/stages";
import { todayIso } from "@/lib/format";
import { newIdempotencyKey } from "@/lib/api-client";
import { useAddActivity } from "@/lib/queries/use-activities";
import { dueAtFrom } from "@/lib/tasks/due";
import { cn } from "@/lib/utils";
import { TaskFields } from "./task-fields";

/** The types a person logs; their names, buttons and placeholders are in the catalogs (`domain.activityTypes`, `deal.composer`). */
const TYPES: { id: UserActivityType; icon: typeof Phone }[] = [
  { id: "note", icon: MessageSquare },
  { id: "call", icon: Phone },
  { id: "email", icon: Mail },
  { id: "meeting", icon: Users },
  { id: "task", icon: CheckSquare },
];

/** A local calendar day → an ISO time on that day (now when it is today, else midday local). */
function occurredAtFor(day: string): string {
  if (day === todayIso()) return new Date().toISOString();
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d, 12, 0, 0).toISOString();
}

/**
 * The composer on top of the timeline: a type (note, call, email, meeting, task), the text and
 * an optional date (when it happened; for a task, when it is due). The entry appears at once.
 */
export function ActivityComposer({
  dealId,
  author,
  disabled,
  members = [],
  dealOwnerId = null,
}: {
  dealId: string;
  author: { id: string; name: string } | null;
  disabled?: boolean;
  /** A task's assignee choices; it defaults to the deal's owner. */
  members?: { id: string; name: string }[];
  dealOwnerId?: string | null;
}) {
  const t = useTranslations("deal.composer");
  const tType = useTranslations("domain.activityTypes");
  const uid = useId();
  const [type, setType] = useState<UserActivityType>("note");
  const [content, setContent] = useState("");
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState("");
  const [assignee, setAssignee] = useState<string | null>(null);
  const assigneeValue = assignee ?? dealOwnerId ?? "";
  const [error, setError] = useState<string | null>(null);
  const add = useAddActivity(dealId, author);
  const dateLabel = type === "task" ? t("dueDate") : t("date");

  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    const input = {
      type,
      content,
      ...(type === "task" ? { due_at: date ? dueAtFrom(date, time) : null, assignee_id: assigneeValue || null } : date ? { occurred_at: occurredAtFor(date) } : {}),
    };
    const parsed = activityCreateSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(issue?.code === "too_small" ? t("required") : issue?.code === "too_big" ? t("tooLong", { max: Number(issue.maximum) }) : t("checkEntry"));
      return;
    }
    setError(null);
    const sent = { text: content, date };
    setContent("");
    setDate(null);
    setTime("");
    setAssignee(null);
    add.mutate(
      { input: parsed.data, idempotencyKey: newIdempotencyKey() },
      {
        onError: (err) => {
          // Give the text back so nothing typed is lost.
          setContent((c) => c || sent.text);
          setDate((d) => d ?? sent.date);
          toast.error(t("failed"), { description: err.message });
        },
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label={t("label")} className="rounded-lg border border-slate-200 bg-surface shadow-xs focus-within:border-slate-300">
      <div role="radiogroup" aria-label={t("typeLabel")} className="flex gap-0.5 border-b border-slate-100 px-2 pt-2">
        {TYPES.map((option) => {
          const Icon = option.icon;
          const active = option.id === type;
          return (
            <button
              key={option.id}
              type="button"
              role="radio"
              aria-checked={active}
              tabIndex={active ? 0 : -1}
              disabled={disabled}
              onClick={() => setType(option.id)}
              onKeyDown={(e) => {
                const i = TYPES.findIndex((x) => x.id === type);
                if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                  e.preventDefault();
                  const next = TYPES[(i + (e.key === "ArrowRight" ? 1 : TYPES.length - 1)) % TYPES.length];
                  setType(next.id);
                  (e.currentTarget.parentElement?.querySelector(`[data-type="${next.id}"]`) as HTMLElement | null)?.focus();
                }
              }}
              data-type={option.id}
              className={cn(
                "-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 pt-1 pb-2 text-xs font-medium",
                active ? "border-accent text-accent" : "border-transparent text-slate-500 hover:text-slate-800",
              )}
            >
              <Icon className="h-3.5 w-3.5" aria-hidden />
              {tType(option.id)}
            </button>
          );
        })}
      </div>
      <div className="p-2">
        <Label htmlFor={`${uid}-content`} className="sr-only">
          {t("text", { type: tType(type) })}
        </Label>
        <Textarea
          id={`${uid}-content`}
          value={content}
          disabled={disabled}
          onChange={(e) => setContent(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
          }}
          placeholder={t(`placeholders.${type}`)}
          maxLength={10000}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${uid}-error` : undefined}
          className="min-h-16 resize-y border-0 px-1 shadow-none focus-visible:outline-none"
        />
        <FieldError id={`${uid}-error`} message={error ?? undefined} />
        <div className="mt-1 flex flex-wrap items-end justify-between gap-2">
          {type === "task" ? (
            <TaskFields
              idPrefix={uid}
              day={date}
              time={time}
              assignee={assigneeValue}
              members={members}
              onDay={setDate}
              onTime={setTime}
              onAssignee={setAssignee}
              disabled={disabled}
            />
          ) : (
            <div className="flex items-center gap-2">
              <Label htmlFor={`${uid}-date`} className="text-muted">
                {dateLabel}
              </Label>
              <DatePicker id={`${uid}-date`} aria-label={dateLabel} value={date} onChange={setDate} placeholder={t("today")} className="w-44" disabled={disabled} />
            </div>
          )}
          <Button type="submit" size="sm" disabled={disabled || !content.trim()}>
            {t(`verbs.${type}`)}
          </Button>
        </div>
      </div>
    </form>
  );
}
