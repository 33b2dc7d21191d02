import { formatDate, formatMoney } from "@/lib/format";
import { dueDay, formatDue } from "@/lib/tasks/due";
import { fieldKind, fieldLabel, optionLabel, type Translate } from "./fields";
import type { Activity, Deal } from "./schema";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";
import type { Stage } from "./stages";

/**
 * Pure formatting for the record page: field values by their kind (lib/deals/fields.ts: money
 * by currency, dates by locale, people by name), the timeline's description of each activity
 * type, and the "time in each stage" summary computed from the deal's audit log. Every word
 * comes from the message catalogs through `t` (the page's language); names people typed
 * (deals, companies, custom stages) stay as typed.
 */

export interface NameLookup {
  member?: (id: string) => string | undefined;
  company?: (id: string) => string | undefined;
  contact?: (id: string) => string | undefined;
}

export interface FormatContext {
  /** The `Intl` locale of the page's language ("ja-JP"). */
  locale: string;
  /** Catalog lookup by full key in the page's language. */
  t: Translate;
  /** The currency amounts are in (the deal's), unless a change also switches currency. */
  currency: string;
  names?: NameLookup;
  /** A stage's name as its pipeline calls it (useStageName); default: the catalog's name for the default stages. */
  stageName?: (stage: string) => string;
}

export const EMPTY_VALUE = "—";

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value as object).length === 0;
  return false;
}

const DEFAULT_STAGE_IDS = new Set(DEFAULT_PIPELINE_STAGES.map((s) => s.id));

/** A stage's name: the default pipeline's from the catalog, any other as typed. */
export function stageName(stage: string, t: Translate): string {
  return DEFAULT_STAGE_IDS.has(stage) ? t(`domain.stages.${stage}`) : stage;
}

function scalar(value: unknown, t: Translate): string {
  if (typeof value === "boolean") return t(value ? "deal.values.yes" : "deal.values.no");
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One field's value as a person reads it. */
export function formatFieldValue(field: string, value: unknown, ctx: FormatContext): string {
  if (isEmpty(value)) return EMPTY_VALUE;
  const names = ctx.names ?? {};
  const text = String(value);
  switch (fieldKind(field)) {
    case "money": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? formatMoney(n, ctx.currency, ctx.locale) : scalar(value, ctx.t);
    }
    case "percent":
      return ctx.t("deal.values.percent", { value: scalar(value, ctx.t) });
    case "stage":
      return ctx.stageName ? ctx.stageName(text) : stageName(text, ctx.t);
    case "choice":
    case "suggestion":
      return optionLabel(field, text, ctx.t);
    case "member":
      return names.member?.(text) ?? text;
    case "company":
      return names.company?.(text) ?? text;
    case "contact":
      return names.contact?.(text) ?? text;
    case "contacts":
      return (value as unknown[]).map((id) => names.contact?.(String(id)) ?? String(id)).join(", ");
    case "key_value":
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${scalar(v, ctx.t)}`)
        .join(", ");
    case "date":
      return formatDate(text, ctx.locale);
    default:
      // A field this client does not know yet (a newer server's): dates by their name, lists joined.
      if (field.endsWith("_date") || field.endsWith("_at")) return formatDate(text, ctx.locale);
      if (Array.isArray(value)) return value.map((v) => scalar(v, ctx.t)).join(", ");
      return scalar(value, ctx.t);
  }
}

// ---------- timeline ----------

export interface FieldChangeLine {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface TimelineEntry {
  id: string;
  type: Activity["type"];
  /** Who did it: the author's name, or the kind of process that did. */
  actor: string;
  /** The whole sentence in the page's language, e.g. "Mika Tanaka added a note" (it names the actor). */
  summary: string;
  /** User-written content (notes, calls, ...), shown as written. */
  body: string | null;
  /** For tasks: the due date, formatted, and as YYYY-MM-DD (to mark overdue tasks). */
  due: string | null;
  dueDate: string | null;
  /** The task's `due_at` as sent (a day or an instant). */
  dueAt: string | null;
  /** Content, due or assignee changed after it was written. */
  edited: boolean;
  /** For stage changes: labels of the stages. */
  stage: { from: string | null; to: string } | null;
  /** For field changes: one line per field. */
  changes: FieldChangeLine[];
  occurredAt: string;
}

function actorOf(activity: Pick<Activity, "created_by_name" | "source_type" | "data">, t: Translate): string {
  // An integration's API key acts for the manager who created it: "Mika via Website form".
  const key = (activity.data as { api_key?: { name?: unknown } } | null)?.api_key;
  if (key && typeof key.name === "string") {
    return t("deal.timeline.viaKey", { actor: activity.created_by_name ?? t("deal.timeline.integration"), key: key.name });
  }
  if (activity.created_by_name) return activity.created_by_name;
  if (activity.source_type === "api" || activity.source_type === "backend" || activity.source_type === "server") return t("deal.timeline.integration");
  return t("deal.timeline.system");
}

interface RawChange {
  field: string;
  before: unknown;
  after: unknown;
}

function readChanges(data: Record<string, unknown>): RawChange[] {
  const raw = data.changes;
  if (Array.isArray(raw)) {
    return raw
      .filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null && typeof (c as { field?: unknown }).field === "string")
      .map((c) => ({ field: c.field as string, before: c.before, after: c.after }));
  }
  // Also accept { field: { before, after } }.
  if (raw && typeof raw === "object") {
    return Object.entries(raw as Record<string, { before?: unknown; after?: unknown }>).map(([field, v]) => ({ field, before: v?.before, after: v?.after }));
  }
  return [];
}

/** Field changes as readable lines; amounts use the currency in effect on each side of the change. */
export function formatFieldChanges(changes: readonly RawChange[], ctx: FormatContext): FieldChangeLine[] {
  const currencyChange = changes.find((c) => c.field === "currency");
  const beforeCurrency = currencyChange && typeof currencyChange.before === "string" ? currencyChange.before : ctx.currency;
  const afterCurrency = currencyChange && typeof currencyChange.after === "string" ? currencyChange.after : ctx.currency;
  return changes.map((c) => ({
    field: c.field,
    label: fieldLabel(c.field, ctx.t),
    before: formatFieldValue(c.field, c.before, { ...ctx, currency: beforeCurrency }),
    after: formatFieldValue(c.field, c.after, { ...ctx, currency: afterCurrency }),
  }));
}

export function describeActivity(activity: Activity, ctx: FormatContext): TimelineEntry {
  const { t } = ctx;
  const data = activity.data ?? {};
  const actor = actorOf(activity, t);
  const base: TimelineEntry = {
    id: activity.id,
    type: activity.type,
    actor,
    summary: "",
    body: activity.content?.trim() ? activity.content : null,
    due: null,
    dueDate: null,
    dueAt: null,
    edited: activity.edited_at != null,
    stage: null,
    changes: [],
    occurredAt: activity.occurred_at,
  };
  switch (activity.type) {
    case "note":
    case "call":
    case "email":
    case "meeting":
    case "created":
    case "deleted":
    case "restored":
      return { ...base, summary: t(`deal.timeline.${activity.type}`, { actor }) };
    case "task":
      return {
        ...base,
        summary: t("deal.timeline.task", { actor }),
        due: activity.due_at ? formatDue(activity.due_at, ctx.locale) : null,
        dueDate: activity.due_at ? dueDay(activity.due_at) : null,
        dueAt: activity.due_at,
      };
    case "stage_change": {
      const nameOf = (stage: string) => (ctx.stageName ? ctx.stageName(stage) : stageName(stage, t));
      const from = typeof data.from === "string" ? nameOf(data.from) : null;
      const to = typeof data.to === "string" ? nameOf(data.to) : "?";
      const lost = [data.loss_category ? formatFieldValue("loss_category", data.loss_category, ctx) : null, typeof data.lost_reason === "string" ? data.lost_reason : null]
        .filter(Boolean)
        .join(": ");
      const summary =
        data.to === "closed_won" ? t("deal.timeline.won", { actor }) : data.to === "closed_lost" ? t("deal.timeline.lost", { actor }) : t("deal.timeline.moved", { actor, stage: to });
      return { ...base, summary, stage: { from, to }, body: base.body ?? (lost || null) };
    }
    case "field_change": {
      const changes = formatFieldChanges(readChanges(data), ctx);
      return {
        ...base,
        summary: changes.length === 1 ? t("deal.timeline.changedOne", { actor, field: changes[0].label }) : t("deal.timeline.changedMany", { actor, count: changes.length }),
        changes,
      };
    }
    default:
      return { ...base, summary: t("deal.timeline.updated", { actor }) };
  }
}

// ---------- time in each stage ----------

export interface StageTime {
  stage: Stage;
  ms: number;
  /** How many times the deal entered this stage. */
  visits: number;
  current: boolean;
}

/**
 * Total time spent in each stage, from the audit log (one entry per transition) plus
 * `stage_entered_at` for the stage the deal is in now. Stages never visited are left out;
 * the result is in the order of `order` (the deal's pipeline's stages), then stages of other
 * pipelines the deal passed through, as first visited.
 */
export function timeInStages(
  deal: Pick<Deal, "stage" | "created_at" | "stage_entered_at" | "audit_log">,
  now: Date = new Date(),
  order: readonly string[] = DEFAULT_PIPELINE_STAGES.map((s) => s.id),
): StageTime[] {
  const totals = new Map<Stage, { ms: number; visits: number }>();
  const add = (stage: Stage, ms: number, visit: boolean) => {
    const t = totals.get(stage) ?? { ms: 0, visits: 0 };
    t.ms += Math.max(0, ms);
    if (visit) t.visits += 1;
    totals.set(stage, t);
  };
  // Entries about activities (edits, deletions) are not stage visits.
  const entries = deal.audit_log.filter((e) => !("activity" in e && e.activity)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let current: Stage | null = null;
  let since = Date.parse(deal.created_at);
  for (const e of entries) {
    const at = Date.parse(e.at);
    if (current === null && e.from) {
      current = e.from;
      add(current, 0, true);
    }
    if (current !== null) add(current, at - since, false);
    current = e.to;
    since = at;
    add(current, 0, true);
  }
  if (current === null) {
    current = deal.stage;
    add(current, 0, true);
  }
  if (current === deal.stage && deal.stage_entered_at) since = Date.parse(deal.stage_entered_at);
  add(current, now.getTime() - since, false);
  const rank = (stage: string) => {
    const i = order.indexOf(stage);
    return i === -1 ? order.length : i;
  };
  return [...totals.keys()]
    .sort((a, b) => rank(a) - rank(b))
    .map((stage) => ({ stage, ms: totals.get(stage)!.ms, visits: totals.get(stage)!.visits, current: stage === deal.stage }));
}

/** A compact duration in the page's language: "45m", "5h", "12d", "3mo" / "45分", "5時間", "12日", "3か月". */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return t("deal.stageTime.minutes", { count: Math.max(minutes, 0) });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("deal.stageTime.hours", { count: hours });
  const days = Math.floor(hours / 24);
  if (days < 90) return t("deal.stageTime.days", { count: days });
  return t("deal.stageTime.months", { count: Math.floor(days / 30) });
}
