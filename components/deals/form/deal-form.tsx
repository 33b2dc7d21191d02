"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useImperativeHandle, useMemo, useRef, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ChipInput } from "@/components/ui/chip-input";
import { DatePicker } from "@/components/ui/date-picker";
import { FieldError, Input, Label, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { ApiError, newIdempotencyKey } from "@/lib/api-client";
import { currencyOptions, DEFAULT_CURRENCY } from "@/lib/deals/currency";
import { changedFields, summarizeConflict } from "@/lib/deals/diff";
import type { Deal } from "@/lib/deals/schema";
import { DEAL_SOURCE_SUGGESTIONS, DEAL_TYPE_SUGGESTIONS, defaultProbability, FORECAST_CATEGORIES, LOSS_CATEGORIES, STAGES, type Stage } from "@/lib/deals/stages";
import { humanize } from "@/lib/deals/timeline-format";
import { contactName } from "@/lib/queries/contacts";
import { conflictDeal, dealsApi, dealWritten } from "@/lib/queries/deals";
import { dealKeys } from "@/lib/queries/keys";
import { useMe } from "@/lib/queries/use-me";
import { useMembers } from "@/lib/queries/use-members";
import { cn } from "@/lib/utils";
import { ConflictNotice } from "./conflict-notice";
import { DEAL_FORM_FIELDS, type DealFormField, type DealFormOutput, type DealFormValues, dealFormResolver, dealToFormValues, emptyDealFormValues } from "./form-schema";
import { KeyValueEditor } from "./key-value-editor";
import { canOnDeal } from "@/lib/permissions";
import { CompanyPicker, ContactPicker, ContactsPicker, MemberPicker } from "./pickers";
import { mapServerErrors } from "./server-errors";

function choiceOptions(suggestions: readonly string[], current: string | null | undefined) {
  const values: string[] = [...suggestions];
  if (current && !values.includes(current)) values.push(current);
  return [{ value: "", label: "None" }, ...values.map((v) => ({ value: v, label: humanize(v) }))];
}

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const toNumberOrNull = (v: unknown) => (v === "" || v === null || v === undefined ? null : typeof v === "number" ? v : Number(v));

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

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-3">
      <legend className="mb-2 text-[11px] font-semibold tracking-wide text-muted uppercase">{title}</legend>
      <div className="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

function Field({ id, label, error, hint, wide, children }: { id: string; label: string; error?: string; hint?: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <div className={cn("min-w-0 space-y-1.5", wide && "sm:col-span-2")}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && !error ? <p className="text-xs text-muted">{hint}</p> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export interface DealFormGuard {
  hasUnsavedChanges: () => boolean;
}

interface Conflict {
  theirs: Deal;
  mine: Record<string, unknown>;
}

/**
 * The one create/edit form for deals (used by the board's quick add, the list's "New deal" and
 * the record page's Edit). Validated with the API's own schema; only changed fields are sent
 * on edit, with the version read, and a 409 is shown as a conflict, never overwritten.
 */
export function DealForm({
  deal,
  defaultStage,
  onCancel,
  onSaved,
  guardRef,
}: {
  deal?: Deal;
  defaultStage?: Stage;
  onCancel: () => void;
  onSaved: (deal: Deal) => void;
  /** Lets the dialog ask, at close time, whether closing would lose edits. */
  guardRef?: React.Ref<DealFormGuard>;
}) {
  const mode = deal ? "edit" : "create";
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
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reapplying, setReapplying] = useState(false);
  const [labels, setLabels] = useState({ company: deal?.company_name ?? null, contact: deal?.contact_name ?? null });

  const [initialValues] = useState(() => (deal ? dealToFormValues(deal) : emptyDealFormValues(defaultStage)));
  const pristine = useRef<Record<string, unknown>>(initialValues);

  const form = useForm<DealFormValues, unknown, DealFormOutput>({
    resolver: dealFormResolver(mode),
    defaultValues: initialValues,
    mode: "onTouched",
  });
  const { register, control, handleSubmit, setValue, setError, getValues, getFieldState, formState } = form;
  const errors = formState.errors;
  const stage = useWatch({ control, name: "stage" });

  // Unsaved edits are the fields whose value differs from what the form opened with (or reloaded),
  // compared by value: typing a field back to what it was leaves nothing to lose. Asked only when
  // closing, so typing never re-renders the whole form.
  useImperativeHandle(guardRef, () => ({ hasUnsavedChanges: () => Object.keys(changedFields(pristine.current, getValues() as Record<string, unknown>)).length > 0 }), [getValues]);

  // A new deal belongs to its creator unless they pick someone else.
  useEffect(() => {
    if (mode === "create" && me.data && getValues("assigned_member_id") == null && !getFieldState("assigned_member_id").isDirty) {
      setValue("assigned_member_id", me.data.id);
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

  function showError(error: unknown, mine: Record<string, unknown>) {
    const theirs = conflictDeal(error);
    if (theirs) {
      setConflict({ theirs, mine });
      return;
    }
    if (error instanceof ApiError && error.errors.length > 0) {
      const { byField, other } = mapServerErrors(error.errors, DEAL_FORM_FIELDS);
      const fields = Object.keys(byField) as DealFormField[];
      fields.forEach((f, i) => setError(f, { type: "server", message: byField[f] }, { shouldFocus: i === 0 }));
      setRootError(other.length ? other.join(" ") : fields.length ? "Fix the highlighted fields and save again." : error.message);
      return;
    }
    setRootError(error instanceof Error ? error.message : "Saving failed. Try again.");
  }

  async function submit(values: DealFormOutput) {
    setRootError(null);
    setConflict(null);
    if (!baseline) {
      const input = compact(values);
      try {
        const created = await dealsApi.create({ ...input, name: values.name }, idempotencyKey);
        dealWritten(queryClient, created);
        void queryClient.invalidateQueries({ queryKey: dealKeys.all });
        toast.success(`Created “${created.name}”`, { description: created.deal_number });
        onSaved(created);
      } catch (error) {
        showError(error, input);
      }
      return;
    }
    const current = baseline;
    const changes = changedFields(dealToFormValues(current), values as Record<string, unknown>);
    if (Object.keys(changes).length === 0) {
      toast("No changes to save");
      onSaved(current);
      return;
    }
    try {
      const saved = await dealsApi.update(current.id, changes, current.version);
      setBaseline(saved);
      dealWritten(queryClient, saved);
      toast.success("Changes saved");
      onSaved(saved);
    } catch (error) {
      showError(error, changes);
    }
  }

  function reloadTheirs() {
    if (!conflict) return;
    setBaseline(conflict.theirs);
    dealWritten(queryClient, conflict.theirs);
    pristine.current = dealToFormValues(conflict.theirs);
    form.reset(dealToFormValues(conflict.theirs));
    setLabels({ company: conflict.theirs.company_name, contact: conflict.theirs.contact_name });
    setFormKey((k) => k + 1);
    setConflict(null);
    setRootError(null);
  }

  async function reapplyMine() {
    if (!conflict) return;
    setReapplying(true);
    try {
      const saved = await dealsApi.update(conflict.theirs.id, conflict.mine, conflict.theirs.version);
      setBaseline(saved);
      dealWritten(queryClient, saved);
      setConflict(null);
      toast.success("Your changes were applied on top of theirs");
      onSaved(saved);
    } catch (error) {
      setConflict(null);
      showError(error, conflict.mine);
    } finally {
      setReapplying(false);
    }
  }

  const conflictSummary = conflict
    ? summarizeConflict(baseline as unknown as Record<string, unknown>, conflict.theirs as unknown as Record<string, unknown>, conflict.mine, DEAL_FORM_FIELDS)
    : null;

  return (
    <form
      noValidate
      aria-label={mode === "create" ? "New deal" : "Edit deal"}
      onSubmit={handleSubmit(submit)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          void handleSubmit(submit)();
        }
      }}
      className="space-y-6"
    >
      <Section title="Deal">
        <Field id={fid("name")} label="Name" error={err("name")} wide>
          <Input {...a11y("name")} {...register("name")} autoFocus={mode === "create"} maxLength={200} placeholder="e.g. さくら物産 — CRM rollout" autoComplete="off" />
        </Field>
        <Field id={fid("amount")} label="Amount" error={err("amount")}>
          <div className="flex gap-2">
            <Input
              {...a11y("amount")}
              {...register("amount", { setValueAs: toNumberOrNull })}
              inputMode="decimal"
              type="number"
              step="any"
              min={0}
              placeholder="0"
              className="tabular flex-1"
            />
            <Controller
              control={control}
              name="currency"
              render={({ field }) => (
                <Select
                  id={fid("currency")}
                  aria-label="Currency"
                  aria-invalid={errors.currency ? true : undefined}
                  value={field.value ?? DEFAULT_CURRENCY}
                  onValueChange={field.onChange}
                  options={currencyOptions(field.value, locale)}
                  className="w-44 shrink-0 whitespace-nowrap [&>span]:truncate"
                />
              )}
            />
          </div>
          <FieldError message={err("currency")} />
        </Field>
        <Field id={fid("stage")} label="Stage" error={err("stage")}>
          <Controller
            control={control}
            name="stage"
            render={({ field }) => (
              <Select
                id={fid("stage")}
                aria-label="Stage"
                value={field.value ?? "lead"}
                onValueChange={(v) => {
                  field.onChange(v);
                  // Like the API: a stage change brings the stage's default probability unless one was typed.
                  if (!getFieldState("probability").isDirty) setValue("probability", defaultProbability(v as Stage));
                }}
                options={STAGES.map((s) => ({ value: s.id, label: s.label }))}
              />
            )}
          />
        </Field>
        <Field id={fid("probability")} label="Probability (%)" error={err("probability")}>
          <Input
            {...a11y("probability")}
            {...register("probability", { setValueAs: toNumberOrNull })}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            className="tabular"
          />
        </Field>
        <Field id={fid("expected_close_date")} label="Expected close" error={err("expected_close_date")}>
          <Controller
            control={control}
            name="expected_close_date"
            render={({ field }) => <DatePicker {...a11y("expected_close_date")} aria-label="Expected close" value={field.value} onChange={field.onChange} placeholder="Not set" />}
          />
        </Field>
        <Field id={fid("next_followup_date")} label="Next follow-up" error={err("next_followup_date")}>
          <Controller
            control={control}
            name="next_followup_date"
            render={({ field }) => <DatePicker {...a11y("next_followup_date")} aria-label="Next follow-up" value={field.value} onChange={field.onChange} placeholder="Not set" />}
          />
        </Field>
        {stage === "closed_lost" ? (
          <>
            <Field id={fid("loss_category")} label="Loss category" error={err("loss_category")}>
              <Controller
                control={control}
                name="loss_category"
                render={({ field }) => (
                  <Select
                    id={fid("loss_category")}
                    aria-label="Loss category"
                    aria-invalid={errors.loss_category ? true : undefined}
                    value={field.value ?? ""}
                    onValueChange={(v) => field.onChange(v || null)}
                    placeholder="Choose a category"
                    options={LOSS_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))}
                  />
                )}
              />
            </Field>
            <Field id={fid("lost_reason")} label="Lost reason" error={err("lost_reason")} wide>
              <Textarea {...a11y("lost_reason")} {...register("lost_reason", { setValueAs: emptyToNull })} maxLength={1000} className="min-h-16" />
            </Field>
          </>
        ) : null}
        {stage === "closed_lost" || stage === "closed_won" ? (
          <Field id={fid("closure_notes")} label="Closure notes" error={err("closure_notes")} wide>
            <Textarea {...a11y("closure_notes")} {...register("closure_notes", { setValueAs: emptyToNull })} maxLength={5000} className="min-h-16" />
          </Field>
        ) : null}
      </Section>

      <Section title="People">
        <Field id={fid("company_id")} label="Company" error={err("company_id")}>
          <Controller
            control={control}
            name="company_id"
            render={({ field }) => (
              <CompanyPicker
                {...a11y("company_id")}
                value={field.value ?? null}
                label={labels.company}
                onChange={(id, name) => {
                  field.onChange(id);
                  setLabels((l) => ({ ...l, company: name }));
                }}
              />
            )}
          />
        </Field>
        <Field id={fid("contact_id")} label="Primary contact" error={err("contact_id")}>
          <Controller
            control={control}
            name="contact_id"
            render={({ field }) => (
              <ContactPicker
                {...a11y("contact_id")}
                value={field.value ?? null}
                label={labels.contact}
                onChange={(id, contact) => {
                  field.onChange(id);
                  setLabels((l) => ({ ...l, contact: contact ? contactName(contact) : null }));
                  // Picking a contact of a company fills in the company when none is set yet.
                  if (contact?.company_id && !getValues("company_id")) {
                    setValue("company_id", contact.company_id, { shouldDirty: true });
                    setLabels((l) => ({ ...l, company: contact.company_name ?? null }));
                  }
                }}
              />
            )}
          />
        </Field>
        <Field id={fid("contact_ids")} label="Contacts" error={err("contact_ids")}>
          <Controller
            control={control}
            name="contact_ids"
            render={({ field }) => <ContactsPicker {...a11y("contact_ids")} value={field.value ?? []} knownLabels={knownContactLabels} onChange={field.onChange} />}
          />
        </Field>
        <Field
          id={fid("assigned_member_id")}
          label="Owner"
          error={err("assigned_member_id")}
          hint={canReassign ? undefined : "Only a manager or the deal's owner can change who owns it."}
        >
          <Controller
            control={control}
            name="assigned_member_id"
            render={({ field }) => (
              <MemberPicker
                {...a11y("assigned_member_id")}
                value={field.value ?? null}
                label={deal?.assigned_member_name}
                onChange={field.onChange}
                disabled={!canReassign}
              />
            )}
          />
        </Field>
      </Section>

      <Section title="Classification">
        <Field id={fid("forecast_category")} label="Forecast category" error={err("forecast_category")}>
          <Controller
            control={control}
            name="forecast_category"
            render={({ field }) => (
              <Select
                id={fid("forecast_category")}
                aria-label="Forecast category"
                value={field.value ?? ""}
                onValueChange={(v) => field.onChange(v || null)}
                placeholder="None"
                options={[{ value: "", label: "None" }, ...FORECAST_CATEGORIES.map((c) => ({ value: c.id, label: c.label }))]}
              />
            )}
          />
        </Field>
        <Field id={fid("deal_type")} label="Deal type" error={err("deal_type")}>
          <Controller
            control={control}
            name="deal_type"
            render={({ field }) => (
              <Select
                id={fid("deal_type")}
                aria-label="Deal type"
                value={field.value ?? ""}
                onValueChange={(v) => field.onChange(v || null)}
                placeholder="None"
                options={choiceOptions(DEAL_TYPE_SUGGESTIONS, field.value)}
              />
            )}
          />
        </Field>
        <Field id={fid("deal_source")} label="Deal source" error={err("deal_source")}>
          <Controller
            control={control}
            name="deal_source"
            render={({ field }) => (
              <Select
                id={fid("deal_source")}
                aria-label="Deal source"
                value={field.value ?? ""}
                onValueChange={(v) => field.onChange(v || null)}
                placeholder="None"
                options={choiceOptions(DEAL_SOURCE_SUGGESTIONS, field.value)}
              />
            )}
          />
        </Field>
        <div className="hidden sm:block" aria-hidden />
        <Field id={fid("tags")} label="Tags" error={err("tags")} hint="Press Enter or comma to add." wide>
          <Controller
            control={control}
            name="tags"
            render={({ field }) => <ChipInput {...a11y("tags")} value={field.value ?? []} onChange={field.onChange} maxItemLength={50} placeholder="e.g. enterprise, 重点" />}
          />
        </Field>
        <Field id={fid("competitors")} label="Competitors" error={err("competitors")} wide>
          <Controller
            control={control}
            name="competitors"
            render={({ field }) => <ChipInput {...a11y("competitors")} value={field.value ?? []} onChange={field.onChange} placeholder="e.g. Salesforce" />}
          />
        </Field>
      </Section>

      <Section title="Notes">
        <Field id={fid("note")} label="Note" error={err("note")} wide>
          <Textarea {...a11y("note")} {...register("note", { setValueAs: emptyToNull })} maxLength={10000} placeholder="Context the team should know" />
        </Field>
      </Section>

      <Section title="Custom fields">
        <div className="sm:col-span-2">
          <Controller
            control={control}
            name="custom_fields"
            render={({ field }) => (
              <KeyValueEditor key={formKey} id={fid("custom_fields")} aria-describedby={errors.custom_fields ? `${fid("custom_fields")}-error` : undefined} value={(field.value ?? {}) as Record<string, unknown>} onChange={field.onChange} />
            )}
          />
          <FieldError id={`${fid("custom_fields")}-error`} message={err("custom_fields")} />
        </div>
      </Section>

      <div className="sticky -bottom-5 -mx-5 -mb-5 space-y-3 border-t border-slate-200 bg-surface px-5 py-3">
        {conflict && conflictSummary ? (
          <ConflictNotice summary={conflictSummary} theirs={conflict.theirs} names={names} pending={reapplying} onReload={reloadTheirs} onReapply={reapplyMine} />
        ) : null}
        {rootError ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {rootError}
          </p>
        ) : null}
        <div className="flex items-center justify-between gap-2">
          <span className="hidden text-xs text-muted sm:inline">
            <kbd className="rounded border border-slate-200 px-1">Ctrl</kbd>+<kbd className="rounded border border-slate-200 px-1">Enter</kbd> to save
          </span>
          <div className="ml-auto flex gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={formState.isSubmitting} disabled={!!conflict}>
              {mode === "create" ? "Create deal" : "Save changes"}
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}
