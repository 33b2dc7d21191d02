"use client";

import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { ChipInput } from "@/components/ui/chip-input";
import { DatePicker } from "@/components/ui/date-picker";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate, formatMoney, formatRelative, todayIso } from "@/lib/format";
import { currencyOptions } from "@/lib/deals/currency";
import { rebaseEdit } from "@/lib/deals/diff";
import { type Deal, type DealUpdateInput, dealUpdateSchema } from "@/lib/deals/schema";
import { DEAL_SOURCE_SUGGESTIONS, DEAL_TYPE_SUGGESTIONS, FORECAST_CATEGORIES, isClosedStage, LOSS_CATEGORIES } from "@/lib/deals/stages";
import { formatFieldValue, humanize } from "@/lib/deals/timeline-format";
import { contactName } from "@/lib/queries/contacts";
import { useContactsById } from "@/lib/queries/use-contacts";
import { cn } from "@/lib/utils";
import { KeyValueEditor } from "../form/key-value-editor";
import { CompanyPicker, ContactPicker, ContactsPicker, MemberPicker } from "../form/pickers";
import { InlineField } from "./inline-field";
import { useNow } from "./use-now";

/** The API's own rule for one field, so an in-place edit is checked exactly like the form. */
function validateField(field: keyof DealUpdateInput, value: unknown): string | null {
  const schema = dealUpdateSchema.shape[field];
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Invalid value.");
}

const toNumberOrNull = (s: string): number | null => (s.trim() === "" ? null : Number(s));
const blankToNull = (s: string | null): string | null => (s && s.trim() ? s.trim() : null);

function Group({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`fields-${title}`} className="border-b border-slate-200 px-4 py-3 last:border-b-0">
      <h2 id={`fields-${title}`} className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
        {title}
      </h2>
      <dl className="space-y-0.5">{children}</dl>
    </section>
  );
}

function choiceOptions(values: readonly string[], current: string | null) {
  const all: string[] = [...values];
  if (current && !all.includes(current)) all.push(current);
  return [{ value: "", label: "None" }, ...all.map((v) => ({ value: v, label: humanize(v) }))];
}

/** Saves in-place edits; `base` is the deal as it was when the edit started (its version is sent). */
export type SaveDeal = (changes: DealUpdateInput, display: Partial<Deal> | undefined, base: Deal) => Promise<void>;

/**
 * The left column of the record page: every field, grouped (Value, Dates, People,
 * Classification, Custom), each editable in place. A deleted deal is read-only.
 */
export function DealFields({
  deal,
  readOnly,
  canReassign,
  save: saveDeal,
  memberName,
}: {
  deal: Deal;
  readOnly: boolean;
  /** Whether the viewer may change the owner (lib/permissions.ts); the field is read-only otherwise. */
  canReassign: boolean;
  save: SaveDeal;
  memberName: (id: string) => string | undefined;
}) {
  const locale = useLocale();
  const now = useNow();
  const [editing, setEditing] = useState<{ field: string; base: Deal } | null>(null);
  const contactsById = useContactsById(deal.contact_ids);
  const ctx = { locale, currency: deal.currency, names: { member: memberName } };
  const linkedContactName = (id: string): string => {
    const c = contactsById.get(id);
    if (c) return contactName(c);
    if (id === deal.contact_id && deal.contact_name) return deal.contact_name;
    return c === null ? "Removed contact" : "…";
  };
  // One editor at a time. A field closes only its own editor: a save that ends after the user
  // has opened the next field (Save, then a click on another field at once) leaves that one open.
  const edit = (field: string) => ({
    editing: editing?.field === field,
    onEditingChange: (on: boolean) => setEditing((current) => (on ? { field, base: deal } : current?.field === field ? null : current)),
    readOnly,
  });
  const save = (changes: DealUpdateInput, display?: Partial<Deal>) => saveDeal(changes, display, rebaseEdit(editing?.base ?? deal, deal, changes));
  const overdue = deal.expected_close_date && !isClosedStage(deal.stage) && deal.expected_close_date < todayIso();
  const weighted = deal.amount === null ? null : (deal.amount * deal.probability) / 100;

  return (
    <div className="rounded-lg border border-slate-200 bg-surface">
      <Group title="Value">
        <InlineField<{ amount: string; currency: string }>
          label="Amount"
          {...edit("amount")}
          value={{ amount: deal.amount === null ? "" : String(deal.amount), currency: deal.currency }}
          display={<span className="tabular font-medium">{formatMoney(deal.amount, deal.currency, locale)}</span>}
          empty={deal.amount === null}
          validate={(v) => validateField("amount", toNumberOrNull(v.amount)) ?? validateField("currency", v.currency)}
          onSave={async (v) => {
            const changes: DealUpdateInput = {};
            const amount = toNumberOrNull(v.amount);
            if (amount !== deal.amount) changes.amount = amount;
            if (v.currency !== deal.currency) changes.currency = v.currency;
            if (Object.keys(changes).length) await save(changes);
          }}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => (
            <div className="flex gap-2">
              <Input
                id={id}
                autoFocus
                type="number"
                step="any"
                min={0}
                inputMode="decimal"
                className="tabular flex-1"
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                value={value.amount}
                onChange={(e) => onChange({ ...value, amount: e.target.value })}
              />
              <Select aria-label="Currency" value={value.currency} onValueChange={(c) => onChange({ ...value, currency: c })} options={currencyOptions(value.currency)} className="w-24" />
            </div>
          )}
        />
        <InlineField<string>
          label="Probability"
          {...edit("probability")}
          value={String(deal.probability)}
          display={<span className="tabular">{deal.probability}%</span>}
          validate={(v) => (v.trim() === "" ? "Enter 0–100." : validateField("probability", Number(v)))}
          onSave={async (v) => {
            if (Number(v) !== deal.probability) await save({ probability: Number(v) });
          }}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => (
            <Input id={id} autoFocus type="number" min={0} max={100} step={1} className="tabular w-28" aria-invalid={invalid || undefined} aria-describedby={describedBy} value={value} onChange={(e) => onChange(e.target.value)} />
          )}
        />
        <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] items-start gap-2 py-1">
          <dt className="pt-1 text-xs text-muted">Weighted value</dt>
          <dd className="tabular px-1.5 py-1 text-sm text-slate-700">{formatMoney(weighted, deal.currency, locale)}</dd>
        </div>
        <InlineField<string>
          label="Forecast category"
          {...edit("forecast_category")}
          value={deal.forecast_category ?? ""}
          display={formatFieldValue("forecast_category", deal.forecast_category, ctx)}
          empty={!deal.forecast_category}
          onSave={(v) => save({ forecast_category: (v || null) as DealUpdateInput["forecast_category"] })}
          renderEditor={({ id, value, commit }) => (
            <Select id={id} aria-label="Forecast category" value={value} onValueChange={(v) => commit(v)} options={[{ value: "", label: "None" }, ...FORECAST_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))]} />
          )}
        />
      </Group>

      <Group title="Dates">
        <InlineField<string | null>
          label="Expected close"
          {...edit("expected_close_date")}
          value={deal.expected_close_date}
          display={
            <span className={cn(overdue && "font-medium text-red-600")}>
              {formatDate(deal.expected_close_date, locale)}
              {overdue ? <span className="ml-1.5 rounded bg-red-50 px-1 text-[10px] font-medium text-red-700">Overdue</span> : null}
            </span>
          }
          empty={!deal.expected_close_date}
          onSave={(v) => (v === deal.expected_close_date ? Promise.resolve() : save({ expected_close_date: v }))}
          renderEditor={({ id, value, onChange }) => <DatePicker id={id} aria-label="Expected close" value={value} onChange={onChange} />}
        />
        <InlineField<string | null>
          label="Next follow-up"
          {...edit("next_followup_date")}
          value={deal.next_followup_date}
          display={formatDate(deal.next_followup_date, locale)}
          empty={!deal.next_followup_date}
          onSave={(v) => (v === deal.next_followup_date ? Promise.resolve() : save({ next_followup_date: v }))}
          renderEditor={({ id, value, onChange }) => <DatePicker id={id} aria-label="Next follow-up" value={value} onChange={onChange} />}
        />
        {deal.won_date ? <ReadOnlyRow label="Won on" value={formatDate(deal.won_date, locale)} /> : null}
        {deal.actual_close_date ? <ReadOnlyRow label="Closed on" value={formatDate(deal.actual_close_date, locale)} /> : null}
        <ReadOnlyRow label="Created" value={formatDate(deal.created_at, locale)} />
        <ReadOnlyRow
          label="Last updated"
          value={
            <time dateTime={deal.updated_at} title={new Date(deal.updated_at).toLocaleString(locale)}>
              {now === null ? formatDate(deal.updated_at, locale) : formatRelative(deal.updated_at, new Date(now), locale)}
            </time>
          }
        />
      </Group>

      <Group title="People">
        <InlineField<string | null>
          label="Owner"
          {...edit("assigned_member_id")}
          readOnly={readOnly || !canReassign}
          value={deal.assigned_member_id}
          display={
            deal.assigned_member_id ? (
              <span className="inline-flex items-center gap-1.5">
                <Avatar name={deal.assigned_member_name ?? memberName(deal.assigned_member_id)} className="h-5 w-5 text-[9px]" />
                {deal.assigned_member_name ?? memberName(deal.assigned_member_id) ?? "Unknown member"}
              </span>
            ) : (
              "Unassigned"
            )
          }
          empty={!deal.assigned_member_id}
          onSave={(v) => (v === deal.assigned_member_id ? Promise.resolve() : save({ assigned_member_id: v }, { assigned_member_name: v ? (memberName(v) ?? null) : null }))}
          renderEditor={({ id, value, commit }) => <MemberPicker id={id} value={value} label={deal.assigned_member_name} onChange={(v) => commit(v)} />}
        />
        <InlineField<{ id: string | null; name: string | null }>
          label="Company"
          {...edit("company_id")}
          value={{ id: deal.company_id, name: deal.company_name }}
          display={deal.company_name ?? "No company"}
          empty={!deal.company_id}
          onSave={(v) => (v.id === deal.company_id ? Promise.resolve() : save({ company_id: v.id }, { company_name: v.name }))}
          renderEditor={({ id, value, commit }) => <CompanyPicker id={id} value={value.id} label={value.name} onChange={(cid, name) => commit({ id: cid, name })} />}
        />
        {deal.company_id && !editing ? (
          <div className="-mt-1 mb-1 pl-[calc(8.5rem+0.5rem+0.375rem)]">
            <Link href={`/deals?company_id=${encodeURIComponent(deal.company_id)}`} className="text-xs text-accent hover:underline">
              All deals with {deal.company_name ?? "this company"}
            </Link>
          </div>
        ) : null}
        <InlineField<{ id: string | null; name: string | null }>
          label="Primary contact"
          {...edit("contact_id")}
          value={{ id: deal.contact_id, name: deal.contact_name }}
          display={deal.contact_name ?? "No contact"}
          empty={!deal.contact_id}
          onSave={(v) => (v.id === deal.contact_id ? Promise.resolve() : save({ contact_id: v.id }, { contact_name: v.name }))}
          renderEditor={({ id, value, commit }) => (
            <ContactPicker id={id} value={value.id} label={value.name} onChange={(cid, c) => commit({ id: cid, name: c ? contactName(c) : null })} />
          )}
        />
        <InlineField<string[]>
          label="Contacts"
          {...edit("contact_ids")}
          value={deal.contact_ids}
          display={deal.contact_ids.length ? deal.contact_ids.map((id) => linkedContactName(id)).join(", ") : "None"}
          empty={deal.contact_ids.length === 0}
          validate={(v) => validateField("contact_ids", v)}
          onSave={(v) => save({ contact_ids: v })}
          renderEditor={({ id, value, onChange }) => (
            <ContactsPicker
              id={id}
              value={value}
              knownLabels={new Map(deal.contact_ids.map((cid) => [cid, linkedContactName(cid)] as [string, string]).filter(([, name]) => name !== "…"))}
              onChange={onChange}
            />
          )}
        />
      </Group>

      <Group title="Classification">
        <InlineField<string>
          label="Deal type"
          {...edit("deal_type")}
          value={deal.deal_type ?? ""}
          display={formatFieldValue("deal_type", deal.deal_type, ctx)}
          empty={!deal.deal_type}
          onSave={(v) => save({ deal_type: v || null })}
          renderEditor={({ id, value, commit }) => <Select id={id} aria-label="Deal type" value={value} onValueChange={(v) => commit(v)} options={choiceOptions(DEAL_TYPE_SUGGESTIONS, deal.deal_type)} />}
        />
        <InlineField<string>
          label="Deal source"
          {...edit("deal_source")}
          value={deal.deal_source ?? ""}
          display={formatFieldValue("deal_source", deal.deal_source, ctx)}
          empty={!deal.deal_source}
          onSave={(v) => save({ deal_source: v || null })}
          renderEditor={({ id, value, commit }) => <Select id={id} aria-label="Deal source" value={value} onValueChange={(v) => commit(v)} options={choiceOptions(DEAL_SOURCE_SUGGESTIONS, deal.deal_source)} />}
        />
        <InlineField<string[]>
          label="Tags"
          {...edit("tags")}
          value={deal.tags}
          display={deal.tags.length ? <Chips values={deal.tags} /> : "No tags"}
          empty={deal.tags.length === 0}
          validate={(v) => validateField("tags", v)}
          onSave={(v) => save({ tags: v })}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => <ChipInput id={id} value={value} onChange={onChange} maxItemLength={50} aria-invalid={invalid} aria-describedby={describedBy} placeholder="Type and press Enter" />}
        />
        <InlineField<string[]>
          label="Competitors"
          {...edit("competitors")}
          value={deal.competitors}
          display={deal.competitors.length ? <Chips values={deal.competitors} /> : "None known"}
          empty={deal.competitors.length === 0}
          validate={(v) => validateField("competitors", v)}
          onSave={(v) => save({ competitors: v })}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => <ChipInput id={id} value={value} onChange={onChange} aria-invalid={invalid} aria-describedby={describedBy} placeholder="Type and press Enter" />}
        />
        {deal.stage === "closed_lost" ? (
          <>
            <InlineField<string>
              label="Loss category"
              {...edit("loss_category")}
              value={deal.loss_category ?? ""}
              display={formatFieldValue("loss_category", deal.loss_category, ctx)}
              empty={!deal.loss_category}
              validate={(v) => (v ? null : "A lost deal needs a loss category.")}
              onSave={(v) => save({ loss_category: v as DealUpdateInput["loss_category"] })}
              renderEditor={({ id, value, commit }) => <Select id={id} aria-label="Loss category" value={value} onValueChange={(v) => commit(v)} options={LOSS_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))} />}
            />
            <InlineField<string>
              label="Lost reason"
              {...edit("lost_reason")}
              value={deal.lost_reason ?? ""}
              display={<span className="whitespace-pre-wrap">{deal.lost_reason ?? "—"}</span>}
              empty={!deal.lost_reason}
              validate={(v) => (v.trim() ? validateField("lost_reason", v) : "A lost deal needs a reason.")}
              onSave={(v) => save({ lost_reason: v.trim() })}
              renderEditor={({ id, value, onChange, invalid, describedBy }) => <Textarea id={id} autoFocus value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} maxLength={1000} className="min-h-16" />}
            />
          </>
        ) : null}
        {isClosedStage(deal.stage) ? (
          <InlineField<string>
            label="Closure notes"
            {...edit("closure_notes")}
            value={deal.closure_notes ?? ""}
            display={<span className="whitespace-pre-wrap">{deal.closure_notes ?? "—"}</span>}
            empty={!deal.closure_notes}
            validate={(v) => validateField("closure_notes", blankToNull(v))}
            onSave={(v) => save({ closure_notes: blankToNull(v) })}
            renderEditor={({ id, value, onChange, invalid, describedBy }) => <Textarea id={id} autoFocus value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} maxLength={5000} className="min-h-16" />}
          />
        ) : null}
      </Group>

      <Group title="Notes">
        <InlineField<string>
          label="Note"
          wide
          {...edit("note")}
          value={deal.note ?? ""}
          display={<span className="whitespace-pre-wrap">{deal.note ?? "Add context the team should know"}</span>}
          empty={!deal.note}
          validate={(v) => validateField("note", blankToNull(v))}
          onSave={(v) => (blankToNull(v) === deal.note ? Promise.resolve() : save({ note: blankToNull(v) }))}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => <Textarea id={id} autoFocus value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} maxLength={10000} className="min-h-28" />}
        />
      </Group>

      <Group title="Custom">
        <InlineField<Record<string, unknown>>
          label="Custom fields"
          wide
          {...edit("custom_fields")}
          value={deal.custom_fields}
          display={
            Object.keys(deal.custom_fields).length ? (
              <span className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5">
                {Object.entries(deal.custom_fields).map(([k, v]) => (
                  <span key={k} className="contents">
                    <span className="text-slate-500">{k}</span>
                    <span className="break-words">{v === null || v === undefined || v === "" ? "—" : String(v)}</span>
                  </span>
                ))}
              </span>
            ) : (
              "No custom fields"
            )
          }
          empty={Object.keys(deal.custom_fields).length === 0}
          validate={(v) => validateField("custom_fields", v)}
          onSave={(v) => save({ custom_fields: v as DealUpdateInput["custom_fields"] })}
          renderEditor={({ id, value, onChange }) => <KeyValueEditor id={id} value={value} onChange={onChange} />}
        />
      </Group>
    </div>
  );
}

function ReadOnlyRow({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] items-start gap-2 py-1">
      <dt className="pt-1 text-xs text-muted">{label}</dt>
      <dd className="px-1.5 py-1 text-sm text-slate-700">{value}</dd>
    </div>
  );
}

function Chips({ values }: { values: string[] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((v) => (
        <span key={v} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {v}
        </span>
      ))}
    </span>
  );
}
