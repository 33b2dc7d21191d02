"use client";

import { CheckSquare, Mail, MessageSquare, Phone, Users } from "lucide-react";
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
import { cn } from "@/lib/utils";

const TYPES: { id: UserActivityType; label: string; verb: string; icon: typeof Phone; placeholder: string }[] = [
  { id: "note", label: "Note", verb: "Add note", icon: MessageSquare, placeholder: "Write a note…" },
  { id: "call", label: "Call", verb: "Log call", icon: Phone, placeholder: "Who did you talk to, what was agreed?" },
  { id: "email", label: "Email", verb: "Log email", icon: Mail, placeholder: "Summary of the email" },
  { id: "meeting", label: "Meeting", verb: "Log meeting", icon: Users, placeholder: "Attendees, outcome, next steps" },
  { id: "task", label: "Task", verb: "Add task", icon: CheckSquare, placeholder: "What needs to be done?" },
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
export function ActivityComposer({ dealId, author, disabled }: { dealId: string; author: { id: string; name: string } | null; disabled?: boolean }) {
  const uid = useId();
  const [type, setType] = useState<UserActivityType>("note");
  const [content, setContent] = useState("");
  const [date, setDate] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useAddActivity(dealId, author);
  const current = TYPES.find((t) => t.id === type)!;
  const dateLabel = type === "task" ? "Due date" : "Date";

  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    const input = {
      type,
      content,
      ...(type === "task" ? { due_date: date } : date ? { occurred_at: occurredAtFor(date) } : {}),
    };
    const parsed = activityCreateSchema.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the entry.");
      return;
    }
    setError(null);
    const sent = { text: content, date };
    setContent("");
    setDate(null);
    add.mutate(
      { input: parsed.data, idempotencyKey: newIdempotencyKey() },
      {
        onError: (err) => {
          // Give the text back so nothing typed is lost.
          setContent((c) => c || sent.text);
          setDate((d) => d ?? sent.date);
          toast.error(`Could not add the ${current.label.toLowerCase()}`, { description: err.message });
        },
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label="Add activity" className="rounded-lg border border-slate-200 bg-surface shadow-xs focus-within:border-slate-300">
      <div role="radiogroup" aria-label="Activity type" className="flex gap-0.5 border-b border-slate-100 px-2 pt-2">
        {TYPES.map((t) => {
          const Icon = t.icon;
          const active = t.id === type;
          return (
            <button
              key={t.id}
              type="button"
              role="radio"
              aria-checked={active}
              tabIndex={active ? 0 : -1}
              disabled={disabled}
              onClick={() => setType(t.id)}
              onKeyDown={(e) => {
                const i = TYPES.findIndex((x) => x.id === type);
                if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                  e.preventDefault();
                  const next = TYPES[(i + (e.key === "ArrowRight" ? 1 : TYPES.length - 1)) % TYPES.length];
                  setType(next.id);
                  (e.currentTarget.parentElement?.querySelector(`[data-type="${next.id}"]`) as HTMLElement | null)?.focus();
                }
              }}
              data-type={t.id}
              className={cn(
                "-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 pt-1 pb-2 text-xs font-medium",
                active ? "border-accent text-accent" : "border-transparent text-slate-500 hover:text-slate-800",
              )}
            >
              <Icon className="h-3.5 w-3.5" aria-hidden />
              {t.label}
            </button>
          );
        })}
      </div>
      <div className="p-2">
        <Label htmlFor={`${uid}-content`} className="sr-only">
          {current.label} text
        </Label>
        <Textarea
          id={`${uid}-content`}
          value={content}
          disabled={disabled}
          onChange={(e) => setContent(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
          }}
          placeholder={current.placeholder}
          maxLength={10000}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${uid}-error` : undefined}
          className="min-h-16 resize-y border-0 px-1 shadow-none focus-visible:outline-none"
        />
        <FieldError id={`${uid}-error`} message={error ?? undefined} />
        <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
          <div className="flex items-center gap-2">
            <Label htmlFor={`${uid}-date`} className="text-muted">
              {dateLabel}
            </Label>
            <DatePicker id={`${uid}-date`} aria-label={dateLabel} value={date} onChange={setDate} placeholder={type === "task" ? "No due date" : "Today"} className="w-44" disabled={disabled} />
          </div>
          <Button type="submit" size="sm" disabled={disabled || !content.trim()}>
            {current.verb}
          </Button>
        </div>
      </div>
    </form>
  );
}
