"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { Resolver } from "react-hook-form";
import type { z } from "zod";
import { formErrors } from "@/components/deals/form/form-schema";
import { mapServerErrors } from "@/components/deals/form/server-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { ApiError, newIdempotencyKey } from "@/lib/api-client";
import type { Translate } from "@/lib/deals/fields";
import type { RecordNamespace } from "./record-list";

/** One field of a create form: its name in the API schema, how it is typed, and whether it spans both columns. */
export interface RecordFormField {
  name: string;
  kind: "text" | "long_text" | "email" | "url" | "tel" | "custom";
  wide?: boolean;
  /** For `custom`: the control (e.g. a company picker), given the field's value and id. */
  render?: (props: { id: string; value: string | null; onChange: (value: string | null) => void; invalid: boolean; describedBy?: string }) => React.ReactNode;
}

type Values = Record<string, string | null>;

/**
 * "New company" / "New contact": a dialog with the shared form pattern (react-hook-form, checked
 * with the API's own create schema, the words from the page's catalog), sent once with an
 * Idempotency-Key; the API's field errors land beside their fields.
 */
export function RecordFormDialog<T>({
  ns,
  open,
  onOpenChange,
  schema,
  fields,
  initial,
  create,
  onCreated,
}: {
  ns: RecordNamespace;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  schema: z.ZodType;
  fields: RecordFormField[];
  initial?: Values;
  create: (input: Record<string, unknown>, idempotencyKey: string) => Promise<T>;
  onCreated: (record: T) => void;
}) {
  const t = useTranslations(ns);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={t("form.title")} description={t("form.description")} className="max-w-xl">
        {/* Radix unmounts closed content, so every opening starts from fresh values. */}
        <RecordForm ns={ns} schema={schema} fields={fields} initial={initial} create={create} onCancel={() => onOpenChange(false)} onCreated={(record) => { onOpenChange(false); onCreated(record); }} />
      </DialogContent>
    </Dialog>
  );
}

function RecordForm<T>({
  ns,
  schema,
  fields,
  initial,
  create,
  onCancel,
  onCreated,
}: {
  ns: RecordNamespace;
  schema: z.ZodType;
  fields: RecordFormField[];
  initial?: Values;
  create: (input: Record<string, unknown>, idempotencyKey: string) => Promise<T>;
  onCancel: () => void;
  onCreated: (record: T) => void;
}) {
  const t = useTranslations(ns);
  const tr = useTranslations() as unknown as Translate;
  const uid = useId();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [rootError, setRootError] = useState<string | null>(null);
  const resolver: Resolver<Values> = async (values) => {
    const result = await schema.safeParseAsync(compact(values));
    if (result.success) return { values, errors: {} };
    return { values: {}, errors: formErrors(result.error.issues, tr) };
  };
  const form = useForm<Values>({ resolver, defaultValues: Object.fromEntries(fields.map((f) => [f.name, initial?.[f.name] ?? ""])), mode: "onTouched" });
  const { register, control, handleSubmit, setError, formState } = form;
  const errors = formState.errors;

  async function submit(values: Values) {
    setRootError(null);
    try {
      onCreated(await create(compact(values), idempotencyKey));
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        const { byField, other } = mapServerErrors(error.errors, fields.map((f) => f.name));
        for (const [name, message] of Object.entries(byField)) setError(name, { type: "server", message: message as string });
        setRootError(other.length ? other.join(" ") : t("form.fixFields"));
      } else {
        setRootError(`${t("form.failed")}: ${(error as Error).message}`);
      }
    }
  }

  const id = (name: string) => `${uid}-${name}`;
  return (
    <form noValidate onSubmit={handleSubmit(submit)} className="space-y-4">
      <div className="grid grid-cols-1 gap-x-4 gap-y-3 sm:grid-cols-2">
        {fields.map((field) => {
          const error = errors[field.name]?.message;
          const a11y = { id: id(field.name), "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id(field.name)}-error` : undefined };
          const placeholder = t.has(`placeholders.${field.name}`) ? t(`placeholders.${field.name}`) : undefined;
          return (
            <Field key={field.name} id={id(field.name)} label={t(`fields.${field.name}`)} error={error} wide={field.wide || field.kind === "long_text"}>
              {field.kind === "custom" && field.render ? (
                <Controller
                  control={control}
                  name={field.name}
                  render={({ field: f }) => <>{field.render!({ id: id(field.name), value: f.value || null, onChange: (v) => f.onChange(v ?? ""), invalid: !!error, describedBy: a11y["aria-describedby"] })}</>}
                />
              ) : field.kind === "long_text" ? (
                <Textarea {...a11y} {...register(field.name)} placeholder={placeholder} className="min-h-20" />
              ) : (
                <Input {...a11y} {...register(field.name)} type={field.kind === "text" ? "text" : field.kind} placeholder={placeholder} autoComplete="off" />
              )}
            </Field>
          );
        })}
      </div>
      {rootError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {rootError}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("form.cancel")}
        </Button>
        <Button type="submit" loading={formState.isSubmitting}>
          {t("form.create")}
        </Button>
      </div>
    </form>
  );
}

/** Only the fields given: the server leaves the rest empty. */
function compact(values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined && value.trim() !== "") out[key] = value;
  return out;
}
