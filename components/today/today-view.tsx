"use client";

import { useQueryClient } from "@tanstack/react-query";
import { AlarmClock, CalendarClock, CalendarDays, CalendarX2, Check, ChevronDown, CircleDashed, ExternalLink, ListChecks, Sun } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DatePicker } from "@/components/ui/date-picker";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import { useNow } from "@/components/ui/use-now";
import type { Task } from "@/lib/deals/schema";
import { formatDate, todayIso } from "@/lib/format";
import { pipelineStageName } from "@/lib/i18n/domain";
import { activitiesApi } from "@/lib/queries/activities";
import { dealKeys, taskKeys } from "@/lib/queries/keys";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { addDays, dueAtFrom, dueDay, dueState, dueTime, formatDue } from "@/lib/tasks/due";
import type { TodayData, TodayDeal } from "@/lib/tasks/today";
import { cn } from "@/lib/utils";

const WEEK_DAYS = 7;

/** Tasks by the reader's calendar: overdue, due today, and the next seven days. */
function bucketTasks(tasks: Task[], now: Date) {
  const today = todayIso(now);
  const weekEnd = addDays(today, WEEK_DAYS);
  const overdue: Task[] = [];
  const dueToday: Task[] = [];
  const week: Task[] = [];
  for (const task of tasks) {
    if (!task.due_at) continue;
    const state = dueState(task.due_at, now);
    if (state === "overdue") overdue.push(task);
    else if (state === "today") dueToday.push(task);
    else if (dueDay(task.due_at) <= weekEnd) week.push(task);
  }
  return { overdue, dueToday, week };
}

/** The Today page: what needs the signed-in person now, each row with its next action. */
export function TodayView({ data }: { data: TodayData }) {
  const t = useTranslations("tasks.today");
  const locale = useLocale();
  const now = useNow();
  const router = useRouter();
  const client = useQueryClient();
  // Rows acted on leave at once (done) or move (rescheduled) before the page's data is read again.
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const [moved, setMoved] = useState<ReadonlyMap<string, Task>>(new Map());
  const tasks = useMemo(() => data.tasks.filter((task) => !done.has(task.id)).map((task) => moved.get(task.id) ?? task), [data.tasks, done, moved]);

  if (now === null) return <TodaySkeleton />;
  const buckets = bucketTasks(tasks, new Date(now));
  const noNextStep = data.deals.filter((d) => d.no_next_step);
  const rotting = data.deals.filter((d) => d.rotting);
  const pastClose = data.deals.filter((d) => d.close_overdue);
  const empty = buckets.overdue.length + buckets.dueToday.length + buckets.week.length + noNextStep.length + rotting.length + pastClose.length === 0;

  const refresh = () => {
    router.refresh();
    void client.invalidateQueries({ queryKey: taskKeys.all });
    void client.invalidateQueries({ queryKey: dealKeys.all });
  };

  async function markDone(task: Task) {
    setDone((s) => new Set(s).add(task.id));
    try {
      await activitiesApi.update(task.deal_id, task.id, { done: true }, task.version);
      toast.success(t("doneToast"), { description: task.content ?? undefined });
      refresh();
    } catch (error) {
      setDone((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
      toast.error(t("failed"), { description: (error as Error).message });
    }
  }

  async function reschedule(task: Task, day: string) {
    const dueAt = dueAtFrom(day, dueTime(task.due_at));
    setMoved((m) => new Map(m).set(task.id, { ...task, due_at: dueAt }));
    try {
      const updated = await activitiesApi.update(task.deal_id, task.id, { due_at: dueAt }, task.version);
      setMoved((m) => new Map(m).set(task.id, { ...task, ...updated }));
      toast.success(t("movedToast", { date: formatDate(day, locale) }));
      refresh();
    } catch (error) {
      setMoved((m) => {
        const next = new Map(m);
        next.delete(task.id);
        return next;
      });
      toast.error(t("failed"), { description: (error as Error).message });
    }
  }

  const taskSections = [
    { id: "overdue", title: t("overdue"), icon: <AlarmClock className="h-4 w-4" aria-hidden />, items: buckets.overdue, tone: "text-red-700" },
    { id: "today", title: t("dueToday"), icon: <Sun className="h-4 w-4" aria-hidden />, items: buckets.dueToday, tone: "text-amber-700" },
    { id: "week", title: t("week"), icon: <CalendarDays className="h-4 w-4" aria-hidden />, items: buckets.week, tone: "text-slate-700" },
  ];
  const dealSections = [
    { id: "no-next-step", kind: "noNextStep", title: t("noNextStep"), icon: <CircleDashed className="h-4 w-4" aria-hidden />, deals: noNextStep },
    { id: "rotting", kind: "rotting", title: t("rotting"), icon: <CalendarClock className="h-4 w-4" aria-hidden />, deals: rotting },
    { id: "past-close", kind: "pastClose", title: t("pastClose"), icon: <CalendarX2 className="h-4 w-4" aria-hidden />, deals: pastClose },
  ] as const;

  return (
    <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-5 sm:px-6">
      <header className="mb-5">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("subtitle")}</p>
      </header>
      {empty ? (
        <EmptyToday />
      ) : (
        <div className="space-y-6">
          {taskSections.map((s) =>
            s.items.length ? (
              <Section key={s.id} id={s.id} title={s.title} icon={s.icon} count={s.items.length} tone={s.tone}>
                {s.items.map((task) => (
                  <TaskRow key={task.id} task={task} now={new Date(now)} onDone={() => void markDone(task)} onReschedule={(day) => void reschedule(task, day)} />
                ))}
              </Section>
            ) : null,
          )}
          {dealSections.map((s) => (
            <DealSection key={s.id} id={s.id} title={s.title} icon={s.icon} deals={s.deals} kind={s.kind} now={now} />
          ))}
        </div>
      )}
    </main>
  );
}

function Section({ id, title, icon, count, tone, children }: { id: string; title: string; icon: React.ReactNode; count: number; tone?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`today-${id}`} data-section={id}>
      <h2 id={`today-${id}`} className={cn("mb-2 flex items-center gap-1.5 text-sm font-semibold", tone ?? "text-slate-700")}>
        {icon}
        {title}
        <span className="rounded-full bg-slate-100 px-1.5 text-xs font-medium text-slate-600 tabular">{count}</span>
      </h2>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-surface shadow-xs">{children}</ul>
    </section>
  );
}

function TaskRow({ task, now, onDone, onReschedule }: { task: Task; now: Date; onDone: () => void; onReschedule: (day: string) => void }) {
  const t = useTranslations("tasks.today");
  const tTask = useTranslations("tasks.task");
  const locale = useLocale();
  const [picking, setPicking] = useState(false);
  const state = task.due_at ? dueState(task.due_at, now) : null;
  const today = todayIso(now);
  const label = task.content ?? "";
  const markLabel = tTask("markDone", { content: label });
  const stateLabel = state === "overdue" ? tTask("overdue") : state === "today" ? tTask("today") : null;
  return (
    <li className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center" data-task={task.id}>
      <div className="flex min-w-0 flex-1 items-start gap-2.5">
        <button
          type="button"
          onClick={onDone}
          className="mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded border border-slate-400 text-transparent hover:border-emerald-600 hover:text-emerald-600 focus-visible:ring-2 focus-visible:ring-ring/40 focus-visible:outline-none"
          aria-label={markLabel}
          title={t("markDone")}
        >
          <Check className="h-3.5 w-3.5" aria-hidden />
        </button>
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium break-words text-slate-900">{label}</p>
          <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-muted">
            <Link href={`/deals/${task.deal.id}`} className="truncate hover:text-slate-900 hover:underline">
              {task.deal.name}
            </Link>
            {task.due_at ? (
              <span className={cn("inline-flex items-center gap-1", state === "overdue" ? "font-medium text-red-700" : state === "today" ? "font-medium text-amber-700" : "")}>
                <ListChecks className="h-3 w-3" aria-hidden />
                {stateLabel}
                {stateLabel ? " · " : null}
                {formatDue(task.due_at, locale)}
              </span>
            ) : null}
          </p>
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-1.5 pl-7 sm:pl-0">
        <Button size="sm" variant="secondary" onClick={onDone}>
          <Check className="h-3.5 w-3.5" aria-hidden /> {t("markDone")}
        </Button>
        {picking ? (
          <DatePicker
            aria-label={t("pickDate")}
            value={task.due_at ? dueDay(task.due_at) : null}
            onChange={(day) => {
              setPicking(false);
              if (day) onReschedule(day);
            }}
            defaultOpen
            clearable={false}
            className="w-36"
          />
        ) : (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button size="sm" variant="secondary">
                {t("reschedule")} <ChevronDown className="h-3.5 w-3.5" aria-hidden />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              <DropdownMenuItem onSelect={() => onReschedule(addDays(today, 1))}>{t("tomorrow")}</DropdownMenuItem>
              <DropdownMenuItem onSelect={() => onReschedule(addDays(today, 7))}>{t("nextWeek")}</DropdownMenuItem>
              <DropdownMenuItem onSelect={() => setPicking(true)}>{t("pickDate")}</DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        )}
        <Button size="sm" variant="ghost" asChild>
          <Link href={`/deals/${task.deal.id}`} aria-label={`${t("openDeal")}: ${task.deal.name}`}>
            <ExternalLink className="h-3.5 w-3.5" aria-hidden />
            <span className="hidden sm:inline">{t("openDeal")}</span>
          </Link>
        </Button>
      </div>
    </li>
  );
}

function DealSection({
  id,
  title,
  icon,
  deals,
  kind: reason,
  now,
}: {
  id: string;
  title: string;
  icon: React.ReactNode;
  deals: readonly TodayDeal[];
  kind: "noNextStep" | "rotting" | "pastClose";
  now: number;
}) {
  const t = useTranslations("tasks.today");
  const tDomain = useTranslations("domain");
  const locale = useLocale();
  const pipelines = usePipelines().data;
  if (!deals.length) return null;
  const stageName = (d: TodayDeal) => pipelineStageName(tDomain, pipelines?.find((p) => p.id === d.pipeline_id)?.stages, d.stage);
  return (
    <Section id={id} title={title} icon={icon} count={deals.length}>
      {deals.map((d) => {
        const detail =
          reason === "rotting"
            ? t("staleFor", { days: Math.floor((now - Date.parse(d.stage_entered_at)) / 86_400_000), stage: stageName(d) })
            : reason === "pastClose"
              ? t("closeWas", { date: formatDate(d.expected_close_date, locale) })
              : stageName(d);
        return (
          <li key={d.id} className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-center" data-deal={d.id}>
            <div className="min-w-0 flex-1">
              <Link href={`/deals/${d.id}`} className="text-sm font-medium break-words text-slate-900 hover:underline">
                {d.name}
              </Link>
              <p className="mt-0.5 text-xs text-muted">
                {d.company_name ? `${d.company_name} · ` : ""}
                {detail}
              </p>
            </div>
            <div className="flex shrink-0 items-center gap-1.5">
              <Button size="sm" variant={reason === "noNextStep" ? "secondary" : "ghost"} asChild>
                <Link href={`/deals/${d.id}`}>{reason === "noNextStep" ? t("addTask") : t("openDeal")}</Link>
              </Button>
            </div>
          </li>
        );
      })}
    </Section>
  );
}

function EmptyToday() {
  const t = useTranslations("tasks.today");
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center" data-testid="today-empty">
      <Sun className="h-9 w-9 text-amber-400" aria-hidden />
      <h2 className="mt-3 text-base font-semibold">{t("emptyTitle")}</h2>
      <p className="mt-1 max-w-md text-sm text-muted">{t("emptyBody")}</p>
      <p className="mt-3 max-w-md text-sm text-slate-700">{t("emptyHow")}</p>
      <Button asChild size="sm" className="mt-4">
        <Link href="/deals">{t("goToDeals")}</Link>
      </Button>
    </div>
  );
}

export function TodaySkeleton() {
  const t = useTranslations("tasks.today");
  return (
    <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-5 sm:px-6" aria-busy="true" aria-label={t("loading")}>
      <Skeleton className="h-6 w-24" />
      <Skeleton className="mt-2 h-4 w-64" />
      {[3, 2].map((rows, i) => (
        <div key={i} className="mt-6">
          <Skeleton className="mb-2 h-4 w-32" />
          <div className="space-y-px rounded-lg border border-slate-200 bg-surface">
            {Array.from({ length: rows }, (_, j) => (
              <div key={j} className="flex items-center gap-3 px-3 py-3">
                <Skeleton className="h-5 w-5 rounded" />
                <div className="flex-1 space-y-1.5">
                  <Skeleton className="h-3.5 w-2/3" />
                  <Skeleton className="h-3 w-1/3" />
                </div>
                <Skeleton className="h-7 w-24" />
              </div>
            ))}
          </div>
        </div>
      ))}
    </main>
  );
}
