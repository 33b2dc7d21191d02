"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { ChipInput } from "@/components/ui/chip-input";
import { DatePicker } from "@/components/ui/date-picker";
import { SelectField } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { currencyOptions } from "@/lib/deals/currency";
import { rebaseEdit, valuesEqual } from "@/lib/deals/diff";
import { type DealField, FIELD, fieldLabel, isFieldShown, numberOrNull, selectOptions, textOrNull, type Translate } from "@/lib/deals/fields";
import { type Deal, type DealUpdateInput, dealUpdateSchema } from "@/lib/deals/schema";
import { isClosedStage } from "@/lib/deals/stages";
import { formatFieldValue, type FormatContext } from "@/lib/deals/timeline-format";
import { formatDate, formatMoney, formatRelative, todayIso } from "@/lib/format";
import { contactName } from "@/lib/queries/contacts";
import { useContactsById } from "@/lib/queries/use-contacts";
import { cn } from "@/lib/utils";
import { maxLengthOf } from "../form/form-schema";
import { issueMessage } from "../form/validation-messages";
import { KeyValueEditor } from "../form/key-value-editor";
import { CompanyPicker, ContactPicker, ContactsPicker, MemberPicker } from "../form/pickers";
import { InlineField } from "./inline-field";
import { useNow } from "./use-now";

/** The API's own rule for one field, so an in-place edit is checked exactly like the form; the message in the page's language. */
function validateField(field: keyof DealUpdateInput, value: unknown, t: Translate): string | null {
  const schema = dealUpdateSchema.shape[field];
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return issue ? issueMessage({ ...issue, path: [field, ...issue.path] }, t) : t("deal.fieldsPanel.invalid");
}

/** Fields with their own words for "no value" (`deal.empty.<field>`); others show a dash. */
const EMPTY_TEXT_FIELDS = new Set<DealField>(["assigned_member_id", "company_id", "contact_id", "contact_ids", "tags", "competitors", "note", "custom_fields", "lost_reason", "closure_notes"]);

/** Fields a lost deal must have, with what the editor says when one is cleared. */
const REQUIRED_WHEN_SHOWN: Partial<Record<DealField, string>> = {
  loss_category: "deal.fieldsPanel.lossCategoryRequired",
  lost_reason: "deal.fieldsPanel.lostReasonRequired",
};

type EditableField = DealField & keyof DealUpdateInput;

/** Saves in-place edits; `base` is the deal as it was when the edit started (its version is sent). */
export type SaveDeal = (changes: DealUpdateInput, display: Partial<Deal> | undefined, base: Deal) => Promise<void>;

/** What every row of the record needs: the deal, the one-editor-at-a-time state, and saving. */
interface RowContext {
  deal: Deal;
  readOnly: boolean;
  locale: string;
  /** Catalog lookup by full key. */
  t: Translate;
  /** What an empty field reads as. */
  emptyText: (field: DealField) => string;
  format: FormatContext;
  edit: (field: DealField) => { label: string; editing: boolean; onEditingChange: (on: boolean) => void; readOnly: boolean };
  /** Saves changes (nothing when there are none), with names to show meanwhile. */
  save: (changes: DealUpdateInput, display?: Partial<Deal>) => Promise<void>;
  /** Saves one field's new value, unless it equals the deal's. */
  saveField: <F extends EditableField>(field: F, value: DealUpdateInput[F], display?: Partial<Deal>) => Promise<void>;
}

function Group({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`fields-${id}`} className="border-b border-slate-200 px-4 py-3 last:border-b-0">
      <h2 id={`fields-${id}`} className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
        {title}
      </h2>
      <dl className="space-y-0.5">{children}</dl>
    </section>
  );
}

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
  const t = useTranslations() as unknown as Translate;
  const now = useNow();
  const [editing, setEditing] = useState<{ field: string; base: Deal } | null>(null);
  const contactsById = useContactsById(deal.contact_ids);
  const linkedContactName = (id: string): string => {
    const c = contactsById.get(id);
    if (c) return contactName(c);
    if (id === deal.contact_id && deal.contact_name) return deal.contact_name;
    return c === null ? t("deal.fieldsPanel.removedContact") : "…";
  };
  const row: RowContext = {
    deal,
    readOnly,
    locale,
    t,
    emptyText: (field) => (EMPTY_TEXT_FIELDS.has(field) ? t(`deal.empty.${field}`) : "—"),
    format: { locale, t, currency: deal.currency, names: { member: memberName } },
    // One editor at a time. A field closes only its own editor: a save that ends after the user
    // has opened the next field (Save, then a click on another field at once) leaves that one open.
    edit: (field) => ({
      label: fieldLabel(field, t),
      editing: editing?.field === field,
      onEditingChange: (on: boolean) => setEditing((current) => (on ? { field, base: deal } : current?.field === field ? null : current)),
      readOnly,
    }),
    save: async (changes, display) => {
      if (Object.keys(changes).length) await saveDeal(changes, display, rebaseEdit(editing?.base ?? deal, deal, changes));
    },
    saveField: (field, value, display) => (valuesEqual(value, deal[field]) ? Promise.resolve() : row.save({ [field]: value }, display)),
  };
  const shown = (field: DealField) => isFieldShown(field, deal.stage);
  const overdue = deal.expected_close_date && !isClosedStage(deal.stage) && deal.expected_close_date < todayIso();
  const weighted = deal.amount === null ? null : (deal.amount * deal.probability) / 100;

  return (
    <div className="rounded-lg border border-slate-200 bg-surface">
      <Group id="value" title={t("deal.groups.value")}>
        <InlineField<{ amount: string; currency: string }>
          {...row.edit(FIELD.amount)}
          value={{ amount: deal.amount === null ? "" : String(deal.amount), currency: deal.currency }}
          display={<span className="tabular font-medium">{formatMoney(deal.amount, deal.currency, locale)}</span>}
          empty={deal.amount === null}
          validate={(v) => validateField(FIELD.amount, numberOrNull(v.amount), t) ?? validateField(FIELD.currency, v.currency, t)}
          onSave={(v) => {
            const changes: DealUpdateInput = {};
            const amount = numberOrNull(v.amount);
            if (amount !== deal.amount) changes.amount = amount;
            if (v.currency !== deal.currency) changes.currency = v.currency;
            return row.save(changes);
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
              <Select aria-label={fieldLabel(FIELD.currency, t)} value={value.currency} onValueChange={(c) => onChange({ ...value, currency: c })} options={currencyOptions(value.currency)} className="w-24" />
            </div>
          )}
        />
        <InlineField<string>
          {...row.edit(FIELD.probability)}
          value={String(deal.probability)}
          display={<span className="tabular">{deal.probability}%</span>}
          validate={(v) => (v.trim() === "" ? t("deal.fieldsPanel.enterPercent") : validateField(FIELD.probability, Number(v), t))}
          onSave={(v) => row.saveField(FIELD.probability, Number(v))}
          renderEditor={({ id, value, onChange, invalid, describedBy }) => (
            <Input id={id} autoFocus type="number" min={0} max={100} step={1} className="tabular w-28" aria-invalid={invalid || undefined} aria-describedby={describedBy} value={value} onChange={(e) => onChange(e.target.value)} />
          )}
        />
        <ReadOnlyRow label={t("deal.fieldsPanel.weighted")} value={<span className="tabular">{formatMoney(weighted, deal.currency, locale)}</span>} />
        <ChoiceRow field="forecast_category" row={row} />
      </Group>

      <Group id="dates" title={t("deal.groups.dates")}>
        <DateRow
          field="expected_close_date"
          row={row}
          display={
            <span className={cn(overdue && "font-medium text-red-600")}>
              {formatDate(deal.expected_close_date, locale)}
              {overdue ? <span className="ml-1.5 rounded bg-red-50 px-1 text-[10px] font-medium text-red-700">{t("deal.fieldsPanel.overdue")}</span> : null}
            </span>
          }
        />
        <DateRow field="next_followup_date" row={row} />
        {deal.won_date ? <ReadOnlyRow label={fieldLabel(FIELD.won_date, t)} value={formatDate(deal.won_date, locale)} /> : null}
        {deal.actual_close_date ? <ReadOnlyRow label={fieldLabel(FIELD.actual_close_date, t)} value={formatDate(deal.actual_close_date, locale)} /> : null}
        <ReadOnlyRow label={fieldLabel(FIELD.created_at, t)} value={formatDate(deal.created_at, locale)} />
        <ReadOnlyRow
          label={fieldLabel(FIELD.updated_at, t)}
          value={
            <time dateTime={deal.updated_at} title={new Date(deal.updated_at).toLocaleString(locale)}>
              {now === null ? formatDate(deal.updated_at, locale) : formatRelative(deal.updated_at, new Date(now), locale)}
            </time>
          }
        />
      </Group>

      <Group id="people" title={t("deal.groups.people")}>
        <InlineField<string | null>
          {...row.edit(FIELD.assigned_member_id)}
          readOnly={readOnly || !canReassign}
          value={deal.assigned_member_id}
          display={
            deal.assigned_member_id ? (
              <span className="inline-flex items-center gap-1.5">
                <Avatar name={deal.assigned_member_name ?? memberName(deal.assigned_member_id)} className="h-5 w-5 text-[9px]" />
                {deal.assigned_member_name ?? memberName(deal.assigned_member_id) ?? t("deal.fieldsPanel.unknownMember")}
              </span>
            ) : (
              row.emptyText(FIELD.assigned_member_id)
            )
          }
          empty={!deal.assigned_member_id}
          onSave={(v) => row.saveField(FIELD.assigned_member_id, v, { assigned_member_name: v ? (memberName(v) ?? null) : null })}
          renderEditor={({ id, value, commit }) => <MemberPicker id={id} value={value} label={deal.assigned_member_name} onChange={(v) => commit(v)} />}
        />
        <InlineField<{ id: string | null; name: string | null }>
          {...row.edit(FIELD.company_id)}
          value={{ id: deal.company_id, name: deal.company_name }}
          display={deal.company_name ?? row.emptyText(FIELD.company_id)}
          empty={!deal.company_id}
          onSave={(v) => row.saveField(FIELD.company_id, v.id, { company_name: v.name })}
          renderEditor={({ id, value, commit }) => <CompanyPicker id={id} defaultOpen value={value.id} label={value.name} onChange={(cid, name) => commit({ id: cid, name })} />}
        />
        {deal.company_id && !editing ? (
          <div className="-mt-1 mb-1 pl-[calc(8.5rem+0.5rem+0.375rem)]">
            <dt className="sr-only">{t("deal.record.companyDeals")}</dt>
            <dd>
            <Link href={`/deals?company_id=${encodeURIComponent(deal.company_id)}`} className="text-xs text-accent hover:underline">
              {deal.company_name ? t("deal.fieldsPanel.companyDeals", { company: deal.company_name }) : t("deal.record.companyDeals")}
            </Link>
            </dd>
          </div>
        ) : null}
        <InlineField<{ id: string | null; name: string | null }>
          {...row.edit(FIELD.contact_id)}
          value={{ id: deal.contact_id, name: deal.contact_name }}
          display={deal.contact_name ?? row.emptyText(FIELD.contact_id)}
          empty={!deal.contact_id}
          onSave={(v) => row.saveField(FIELD.contact_id, v.id, { contact_name: v.name })}
          renderEditor={({ id, value, commit }) => (
            <ContactPicker id={id} defaultOpen value={value.id} label={value.name} companyId={deal.company_id} onChange={(cid, c) => commit({ id: cid, name: c ? contactName(c) : null })} />
          )}
        />
        <InlineField<string[]>
          {...row.edit(FIELD.contact_ids)}
          value={deal.contact_ids}
          display={deal.contact_ids.length ? deal.contact_ids.map((id) => linkedContactName(id)).join(", ") : row.emptyText(FIELD.contact_ids)}
          empty={deal.contact_ids.length === 0}
          validate={(v) => validateField(FIELD.contact_ids, v, t)}
          onSave={(v) => row.saveField(FIELD.contact_ids, v)}
          renderEditor={({ id, value, onChange }) => (
            <ContactsPicker
              id={id}
              defaultOpen
              value={value}
              knownLabels={new Map(deal.contact_ids.map((cid) => [cid, linkedContactName(cid)] as [string, string]).filter(([, name]) => name !== "…"))}
              onChange={onChange}
            />
          )}
        />
      </Group>

      <Group id="classification" title={t("deal.groups.classification")}>
        <ChoiceRow field="deal_type" row={row} />
        <ChoiceRow field="deal_source" row={row} />
        <ListRow field="tags" row={row} />
        <ListRow field="competitors" row={row} />
        {shown(FIELD.loss_category) ? <ChoiceRow field="loss_category" row={row} /> : null}
        {shown(FIELD.lost_reason) ? <TextRow field="lost_reason" row={row} /> : null}
        {shown(FIELD.closure_notes) ? <TextRow field="closure_notes" row={row} /> : null}
      </Group>

      <Group id="notes" title={t("deal.groups.notes")}>
        <TextRow field="note" row={row} wide className="min-h-28" />
      </Group>

      <Group id="custom" title={t("deal.groups.custom")}>
        <InlineField<Record<string, unknown>>
          {...row.edit(FIELD.custom_fields)}
          wide
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
              row.emptyText(FIELD.custom_fields)
            )
          }
          empty={Object.keys(deal.custom_fields).length === 0}
          validate={(v) => validateField(FIELD.custom_fields, v, row.t)}
          onSave={(v) => row.saveField(FIELD.custom_fields, v as DealUpdateInput["custom_fields"])}
          renderEditor={({ id, value, onChange }) => <KeyValueEditor id={id} value={value} onChange={onChange} />}
        />
      </Group>
    </div>
  );
}

/** A choice or a suggestion (forecast category, deal type and source, loss category): a select that saves on pick. */
function ChoiceRow({ field, row }: { field: "forecast_category" | "deal_type" | "deal_source" | "loss_category"; row: RowContext }) {
  const value = row.deal[field];
  const required = REQUIRED_WHEN_SHOWN[field];
  return (
    <InlineField<string | null>
      {...row.edit(field)}
      value={value}
      display={formatFieldValue(field, value, row.format)}
      empty={!value}
      validate={required ? (v) => (v ? null : row.t(required)) : undefined}
      onSave={(v) => row.saveField(field, v as DealUpdateInput[typeof field])}
      renderEditor={({ id, value: current, commit }) => (
        <SelectField
          id={id}
          aria-label={fieldLabel(field, row.t)}
          value={current}
          onChange={(v) => commit(v)}
          options={selectOptions(field, value, row.t)}
          none={required ? undefined : row.t("deal.fieldsPanel.none")}
          placeholder={required ? row.t("deal.lost.categoryPlaceholder") : undefined}
        />
      )}
    />
  );
}

/** A day (expected close, next follow-up): the calendar opens with the editor, and picking a day saves it. */
function DateRow({ field, row, display }: { field: "expected_close_date" | "next_followup_date"; row: RowContext; display?: React.ReactNode }) {
  const value = row.deal[field];
  return (
    <InlineField<string | null>
      {...row.edit(field)}
      value={value}
      display={display ?? formatDate(value, row.locale)}
      empty={!value}
      onSave={(v) => row.saveField(field, v)}
      renderEditor={({ id, value: current, commit }) => <DatePicker id={id} defaultOpen aria-label={fieldLabel(field, row.t)} value={current} onChange={(v) => commit(v)} />}
    />
  );
}

/** Short strings (tags, competitors), typed as chips. */
function ListRow({ field, row }: { field: "tags" | "competitors"; row: RowContext }) {
  const values = row.deal[field];
  return (
    <InlineField<string[]>
      {...row.edit(field)}
      value={values}
      display={values.length ? <Chips values={values} /> : row.emptyText(field)}
      empty={values.length === 0}
      validate={(v) => validateField(field, v, row.t)}
      onSave={(v) => row.saveField(field, v)}
      renderEditor={({ id, value, onChange, invalid, describedBy }) => (
        <ChipInput id={id} value={value} onChange={onChange} maxItemLength={maxLengthOf(field)} aria-invalid={invalid} aria-describedby={describedBy} placeholder={row.t("deal.fieldsPanel.typeAndEnter")} />
      )}
    />
  );
}

/** Several lines of text (note, lost reason, closure notes). Blank is no value. */
function TextRow({ field, row, wide, className = "min-h-16" }: { field: "note" | "lost_reason" | "closure_notes"; row: RowContext; wide?: boolean; className?: string }) {
  const value = row.deal[field];
  const required = REQUIRED_WHEN_SHOWN[field];
  return (
    <InlineField<string>
      {...row.edit(field)}
      wide={wide}
      value={value ?? ""}
      display={<span className="whitespace-pre-wrap">{value ?? row.emptyText(field)}</span>}
      empty={!value}
      validate={(v) => (required && !textOrNull(v) ? row.t(required) : validateField(field, textOrNull(v), row.t))}
      onSave={(v) => row.saveField(field, textOrNull(v))}
      renderEditor={({ id, value: current, onChange, invalid, describedBy }) => (
        <Textarea id={id} autoFocus value={current} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} maxLength={maxLengthOf(field)} className={className} />
      )}
    />
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
