"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState } from "react";
import { Controller, type ControllerRenderProps, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ChipInput } from "@/components/ui/chip-input";
import { DatePicker } from "@/components/ui/date-picker";
import { Field, Section, SelectField } from "@/components/ui/field";
import { FieldError, Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { ApiError, newIdempotencyKey } from "@/lib/api-client";
import { currencyOptions, DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { changedFields } from "@/lib/deals/diff";
import { type DealField, FIELD, fieldKind, fieldLabel, isFieldShown, numberOrNull, selectOptions, textOrNull, type Translate } from "@/lib/deals/fields";
import type { Deal, DealUpdateInput } from "@/lib/deals/schema";
import type { Stage } from "@/lib/deals/stages";
import { pipelineStageName } from "@/lib/i18n/domain";
import { DEFAULT_PIPELINE_STAGES, findStage, firstOpenStage } from "@/lib/pipelines/model";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { usePipelineName } from "@/components/ui/use-domain";
import { canOnDeal } from "@/lib/permissions";
import { contactName } from "@/lib/queries/contacts";
import { dealsApi, dealWritten } from "@/lib/queries/deals";
import { dealKeys } from "@/lib/queries/keys";
import { useMe } from "@/lib/queries/use-me";
import { useMembers } from "@/lib/queries/use-members";
import { ConflictNotice } from "./conflict-notice";
import { DEAL_FORM_FIELDS, type DealFormField, type DealFormOutput, type DealFormValues, dealFormResolver, dealToFormValues, emptyDealFormValues, maxLengthOf } from "./form-schema";
import { KeyValueEditor } from "./key-value-editor";
import { CompanyPicker, ContactPicker, ContactsPicker, MemberPicker } from "./pickers";
import { mapServerErrors, serverErrorMessage } from "./server-errors";
import { useDealConflict } from "./use-deal-conflict";

/** A create payload without empty values: the server applies its own defaults. */
function compact(values: DealFormOutput): DealFormOutput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  if (out.stage !== "closed_lost") {
    delete out.lost_reason;
    delete out.loss_category;
  }
  return out as DealFormOutput;
}

/** The form's sections (titles at `form.sections.<key>`), each field laid out by its kind (lib/deals/fields.ts); null keeps a cell empty. */
const SECTIONS: { key: "deal" | "people" | "classification" | "notes"; fields: (DealFormField | null)[] }[] = [
  { key: "deal", fields: ["name", "amount", "pipeline_id", "stage", "probability", "expected_close_date", "next_followup_date", "loss_category", "lost_reason", "closure_notes"] },
  { key: "people", fields: ["company_id", "contact_id", "contact_ids", "assigned_member_id"] },
  { key: "classification", fields: ["forecast_category", "deal_type", "deal_source", null, "tags", "competitors"] },
  { key: "notes", fields: ["note"] },
];

/** What the form adds to a field beyond its kind: examples and hints (catalog keys under `form.`), and the text areas' heights. */
const FORM_HINTS: Partial<Record<DealFormField, { placeholder?: string; hint?: string; className?: string }>> = {
  name: { placeholder: "placeholders.name" },
  expected_close_date: { placeholder: "placeholders.notSet" },
  next_followup_date: { placeholder: "placeholders.notSet" },
  loss_category: { placeholder: "placeholders.lossCategory" },
  lost_reason: { className: "min-h-16" },
  closure_notes: { className: "min-h-16" },
  tags: { placeholder: "placeholders.tags", hint: "hints.tags" },
  competitors: { placeholder: "placeholders.competitors" },
  note: { placeholder: "placeholders.note" },
};

/** The stage a form without one lays out its fields for. */
const FIRST_STAGE: Stage = "lead";

/** Long text and lists take the whole row, and so does the name. */
const isWide = (field: DealFormField) => field === "name" || fieldKind(field) === "long_text" || fieldKind(field) === "list";

export interface DealFormGuard {
  hasUnsavedChanges: () => boolean;
}

/**
 * The one create/edit form for deals (used by the board's quick add, the list's "New deal" and
 * the record page's Edit). Validated with the API's own schema; only changed fields are sent
 * on edit, with the version read, and a 409 is shown as a conflict, never overwritten.
 */
export function DealForm({
  deal,
  defaultStage,
  defaultPipelineId,
  onCancel,
  onSaved,
  guardRef,
}: {
  deal?: Deal;
  defaultStage?: Stage;
  /** The pipeline a new deal starts in (the board's); default: the workspace's default pipeline. */
  defaultPipelineId?: string;
  onCancel: () => void;
  onSaved: (deal: Deal) => void;
  /** Lets the dialog ask, at close time, whether closing would lose edits. */
  guardRef?: React.Ref<DealFormGuard>;
}) {
  const mode = deal ? "edit" : "create";
  const t = useTranslations("form");
  const tr = useTranslations() as unknown as Translate;
  const uid = useId();
  const fid = (name: string) => `${uid}-${name}`;
  const locale = useLocale();
  const queryClient = useQueryClient();
  const members = useMembers();
  const me = useMe();
  // Anyone may choose the owner of a new deal; changing an existing deal's owner follows the rules.
  const canReassign = !deal || (me.data !== undefined && canOnDeal(me.data, "reassign", deal));
  // The deal as last read from the server: what edits are diffed against and versioned with.
  const [baseline, setBaseline] = useState<Deal | undefined>(deal);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [formKey, setFormKey] = useState(0);
  const [rootError, setRootError] = useState<string | null>(null);
  const [labels, setLabels] = useState({ company: deal?.company_name ?? null, contact: deal?.contact_name ?? null });

  const pipelines = usePipelines().data;
  const tDomain = useTranslations("domain");
  const pipelineName = usePipelineName();
  const [initialValues] = useState(() =>
    deal ? dealToFormValues(deal) : emptyDealFormValues(defaultStage, pipelines?.find((p) => p.id === defaultPipelineId) ?? pipelines?.find((p) => p.is_default)),
  );
  const pristine = useRef<Record<string, unknown>>(initialValues);

  const form = useForm<DealFormValues, unknown, DealFormOutput>({
    resolver: dealFormResolver(mode, tr),
    defaultValues: initialValues,
    mode: "onTouched",
  });
  const { register, control, handleSubmit, setValue, setError, getValues, getFieldState, formState } = form;
  const errors = formState.errors;
  const stage = useWatch({ control, name: "stage" });
  const pipelineId = useWatch({ control, name: "pipeline_id" });
  // The stages the stage field offers: the chosen pipeline's (the default pipeline's until one is chosen).
  const pipeline = pipelines?.find((p) => p.id === pipelineId) ?? pipelines?.find((p) => p.is_default);
  const stages = pipeline?.stages ?? DEFAULT_PIPELINE_STAGES;
  const companyId = useWatch({ control, name: "company_id" });

  // Unsaved edits are the fields whose value differs from what the form opened with (or reloaded),
  // compared by value: typing a field back to what it was leaves nothing to lose. Asked only when
  // closing, so typing never re-renders the whole form.
  useImperativeHandle(guardRef, () => ({ hasUnsavedChanges: () => Object.keys(changedFields(pristine.current, getValues() as Record<string, unknown>)).length > 0 }), [getValues]);

  // A new deal belongs to its creator unless they pick someone else.
  useEffect(() => {
    if (mode === "create" && me.data && getValues(FIELD.assigned_member_id) == null && !getFieldState(FIELD.assigned_member_id).isDirty) {
      setValue(FIELD.assigned_member_id, me.data.id);
      // A default, not an edit: closing the untouched form has nothing to discard.
      pristine.current = { ...pristine.current, assigned_member_id: me.data.id };
    }
  }, [mode, me.data, getValues, getFieldState, setValue]);

  const memberNames = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m.name])), [members.data]);
  const names = useMemo(() => ({ member: (id: string) => memberNames.get(id) }), [memberNames]);
  const knownContactLabels = useMemo(() => {
    const m = new Map<string, string>();
    if (deal?.contact_id && deal.contact_name) m.set(deal.contact_id, deal.contact_name);
    return m;
  }, [deal]);

  const err = (name: DealFormField) => errors[name]?.message as string | undefined;
  const a11y = (name: DealFormField) => ({
    id: fid(name),
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `${fid(name)}-error` : undefined,
  });

  /** Saves changes against `base` (its version is sent); the saved deal becomes the baseline and shows everywhere. */
  async function sendChanges(base: Deal, changes: DealUpdateInput): Promise<Deal> {
    const saved = await dealsApi.update(base.id, changes, base.version);
    setBaseline(saved);
    dealWritten(queryClient, saved);
    return saved;
  }
  const conflict = useDealConflict(sendChanges);

  /** A refused save's field errors beside their fields, anything else above the buttons. */
  function showError(error: unknown) {
    if (error instanceof ApiError && error.errors.length > 0) {
      const { byField, other } = mapServerErrors(error.errors, DEAL_FORM_FIELDS, (e) => serverErrorMessage(e, tr, locale));
      const fields = Object.keys(byField) as DealFormField[];
      fields.forEach((f, i) => setError(f, { type: "server", message: byField[f] }, { shouldFocus: i === 0 }));
      setRootError(other.length ? other.join(" ") : fields.length ? t("fixFields") : error.message);
      return;
    }
    setRootError(error instanceof Error ? error.message : t("saveFailed"));
  }

  async function submit(values: DealFormOutput) {
    setRootError(null);
    conflict.clear();
    if (!baseline) {
      const input = compact(values);
      try {
        const created = await dealsApi.create({ ...input, name: values.name }, idempotencyKey);
        dealWritten(queryClient, created);
        void queryClient.invalidateQueries({ queryKey: dealKeys.all });
        toast.success(t("created", { name: created.name }), { description: created.deal_number });
        onSaved(created);
      } catch (error) {
        showError(error);
      }
      return;
    }
    const current = baseline;
    const changes: DealUpdateInput = changedFields(dealToFormValues(current), values);
    if (Object.keys(changes).length === 0) {
      toast(t("noChanges"));
      onSaved(current);
      return;
    }
    try {
      const saved = await sendChanges(current, changes);
      toast.success(t("saved"));
      onSaved(saved);
    } catch (error) {
      if (!conflict.catchConflict(error, current, changes)) showError(error);
    }
  }

  /** Their version: the form starts over from it. */
  function reloadTheirs() {
    const theirs = conflict.reload();
    if (!theirs) return;
    setBaseline(theirs);
    pristine.current = dealToFormValues(theirs);
    form.reset(dealToFormValues(theirs));
    setLabels({ company: theirs.company_name, contact: theirs.contact_name });
    setFormKey((k) => k + 1);
    setRootError(null);
  }

  async function reapplyMine() {
    try {
      const saved = await conflict.reapply();
      if (saved) onSaved(saved);
    } catch (error) {
      showError(error);
    }
  }

  /** A control react-hook-form drives by value (selects, pickers, chips): what `register` cannot. */
  const controlled = <N extends DealFormField>(name: N, render: (field: ControllerRenderProps<DealFormValues, N>) => React.ReactElement) => (
    <Controller control={control} name={name} render={({ field }) => render(field)} />
  );

  /** The control for one field: by its kind, with what a few fields do beyond it. */
  function renderControl(name: DealFormField): React.ReactNode {
    const hints = FORM_HINTS[name] ?? {};
    const placeholder = name === "amount" ? "0" : hints.placeholder ? t(hints.placeholder) : undefined;
    const className = hints.className;
    const label = fieldLabel(name, tr);
    switch (name) {
      case "amount":
        return (
          <>
            <div className="flex gap-2">
              <Input {...a11y(name)} {...register(name, { setValueAs: numberOrNull })} inputMode="decimal" type="number" step="any" min={0} placeholder={placeholder} className="tabular flex-1" />
              {controlled(FIELD.currency, (field) => (
                <Select
                  id={fid("currency")}
                  aria-label={fieldLabel(FIELD.currency, tr)}
                  aria-invalid={errors.currency ? true : undefined}
                  value={field.value ?? DEFAULT_CURRENCY}
                  onValueChange={field.onChange}
                  options={currencyOptions(field.value, locale)}
                  className="w-44 shrink-0 whitespace-nowrap [&>span]:truncate"
                />
              ))}
            </div>
            <FieldError message={err(FIELD.currency)} />
          </>
        );
      case "stage":
        return controlled(name, (field) => (
          <Select
            id={fid(name)}
            aria-label={label}
            value={field.value ?? firstOpenStage(stages).id}
            onValueChange={(v) => {
              field.onChange(v);
              // Like the API: a stage change brings the stage's probability unless one was typed.
              const probability = findStage(stages, v)?.probability;
              if (!getFieldState(FIELD.probability).isDirty && probability !== undefined) setValue(FIELD.probability, probability);
            }}
            options={stages.map((s) => ({ value: s.id, label: pipelineStageName(tDomain, pipeline?.stages, s.id) }))}
          />
        ));
      case "pipeline_id":
        return controlled(name, (field) => (
          <Select
            id={fid(name)}
            aria-label={label}
            value={(field.value as string | undefined) ?? pipeline?.id ?? ""}
            onValueChange={(id) => {
              field.onChange(id);
              // The stage must be one of the new pipeline's: the same one if it has it, else its first open stage.
              const next = pipelines?.find((p) => p.id === id);
              const current = getValues(FIELD.stage);
              if (next && !(current && findStage(next.stages, current))) {
                const first = firstOpenStage(next.stages);
                setValue(FIELD.stage, first.id, { shouldDirty: true });
                if (!getFieldState(FIELD.probability).isDirty) setValue(FIELD.probability, first.probability);
              }
            }}
            options={(pipelines ?? []).map((p) => ({ value: p.id, label: pipelineName(p) }))}
          />
        ));
      case "company_id":
        return controlled(name, (field) => (
          <CompanyPicker
            {...a11y(name)}
            value={field.value ?? null}
            label={labels.company}
            onChange={(id, companyName) => {
              field.onChange(id);
              setLabels((l) => ({ ...l, company: companyName }));
            }}
          />
        ));
      case "contact_id":
        return controlled(name, (field) => (
          <ContactPicker
            {...a11y(name)}
            value={field.value ?? null}
            label={labels.contact}
            companyId={(companyId as string | null | undefined) ?? null}
            onChange={(id, contact) => {
              field.onChange(id);
              setLabels((l) => ({ ...l, contact: contact ? contactName(contact) : null }));
              // Picking a contact of a company fills in the company when none is set yet.
              if (contact?.company_id && !getValues(FIELD.company_id)) {
                setValue(FIELD.company_id, contact.company_id, { shouldDirty: true });
                setLabels((l) => ({ ...l, company: contact.company_name ?? null }));
              }
            }}
          />
        ));
      case "contact_ids":
        return controlled(name, (field) => <ContactsPicker {...a11y(name)} value={field.value ?? []} knownLabels={knownContactLabels} onChange={field.onChange} />);
      case "assigned_member_id":
        return controlled(name, (field) => <MemberPicker {...a11y(name)} value={field.value ?? null} label={deal?.assigned_member_name} onChange={field.onChange} disabled={!canReassign} />);
      case "custom_fields":
        return controlled(name, (field) => (
          <KeyValueEditor key={formKey} id={fid(name)} aria-describedby={errors.custom_fields ? `${fid(name)}-error` : undefined} value={(field.value ?? {}) as Record<string, unknown>} onChange={field.onChange} />
        ));
    }
    switch (fieldKind(name)) {
      case "percent":
        return <Input {...a11y(name)} {...register(name, { setValueAs: numberOrNull })} type="number" inputMode="numeric" min={0} max={100} step={1} className="tabular" />;
      case "long_text":
        return <Textarea {...a11y(name)} {...register(name, { setValueAs: textOrNull })} maxLength={maxLengthOf(name)} placeholder={placeholder} className={className} />;
      case "date":
        return controlled(name, (field) => <DatePicker {...a11y(name)} aria-label={label} value={field.value as string | null} onChange={field.onChange} placeholder={placeholder} />);
      case "choice":
      case "suggestion":
        return controlled(name, (field) => (
          <SelectField
            id={fid(name)}
            aria-label={label}
            aria-invalid={errors[name] ? true : undefined}
            value={field.value as string | null}
            onChange={field.onChange}
            options={selectOptions(name as DealField, field.value as string | null, tr)}
            none={name === "loss_category" ? undefined : t("none")}
            placeholder={placeholder}
          />
        ));
      case "list":
        return controlled(name, (field) => (
          <ChipInput {...a11y(name)} value={(field.value as string[] | undefined) ?? []} onChange={field.onChange} maxItemLength={maxLengthOf(name)} placeholder={placeholder} />
        ));
      default:
        return <Input {...a11y(name)} {...register(name)} autoFocus={mode === "create" && name === "name"} maxLength={maxLengthOf(name)} placeholder={placeholder} autoComplete="off" />;
    }
  }

  const shortcut = t.rich("shortcut", { kbd: (chunks) => <kbd className="rounded border border-slate-200 px-1">{chunks}</kbd> });

  return (
    <form
      noValidate
      aria-label={mode === "create" ? t("newDeal") : t("editDeal")}
      onSubmit={handleSubmit(submit)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          void handleSubmit(submit)();
        }
      }}
      className="space-y-6"
    >
      {SECTIONS.map((section) => (
        <Section key={section.key} title={t(`sections.${section.key}`)}>
          {section.fields.map((field, i) =>
            field === null ? (
              <div key={`gap-${i}`} className="hidden sm:block" aria-hidden />
            ) : isFieldShown(field, stage ?? FIRST_STAGE) && (field !== "pipeline_id" || (pipelines?.length ?? 0) > 1) ? (
              <Field
                key={field}
                id={fid(field)}
                label={fieldKind(field) === "percent" ? t("percentLabel", { label: fieldLabel(field, tr) }) : fieldLabel(field, tr)}
                error={err(field)}
                hint={field === "assigned_member_id" && !canReassign ? t("hints.ownerLocked") : FORM_HINTS[field]?.hint ? t(FORM_HINTS[field].hint) : undefined}
                wide={isWide(field)}
              >
                {renderControl(field)}
              </Field>
            ) : null,
          )}
        </Section>
      ))}

      <Section title={fieldLabel(FIELD.custom_fields, tr)}>
        <div className="sm:col-span-2">
          {renderControl(FIELD.custom_fields)}
          <FieldError id={`${fid("custom_fields")}-error`} message={err(FIELD.custom_fields)} />
        </div>
      </Section>

      <div className="sticky -bottom-5 -mx-5 -mb-5 space-y-3 border-t border-slate-200 bg-surface px-5 py-3">
        {conflict.conflict && conflict.summary ? (
          <ConflictNotice summary={conflict.summary} theirs={conflict.conflict.theirs} names={names} pending={conflict.reapplying} onReload={reloadTheirs} onReapply={() => void reapplyMine()} />
        ) : null}
        {rootError ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {rootError}
          </p>
        ) : null}
        <div className="flex items-center justify-between gap-2">
          <span className="hidden text-xs text-muted sm:inline">
            {shortcut}
          </span>
          <div className="ml-auto flex gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              {t("cancel")}
            </Button>
            <Button type="submit" loading={formState.isSubmitting} disabled={conflict.conflict !== null}>
              {mode === "create" ? t("create") : t("saveChanges")}
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}
