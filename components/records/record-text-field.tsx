"use client";

import type { z } from "zod";
import { useTranslations } from "next-intl";
import { InlineField } from "@/components/deals/detail/inline-field";
import { issueMessage } from "@/components/deals/form/validation-messages";
import { Input, Textarea } from "@/components/ui/input";
import type { Translate } from "@/lib/deals/fields";

/**
 * One text field of a company or contact, edited in place (InlineField, as on the deal record):
 * checked with the API's own rule for that field, the message in the page's language; a blank
 * value is stored as empty (null), except where the schema requires text.
 */
export function RecordTextField({
  field,
  label,
  value,
  schema,
  kind = "text",
  readOnly,
  editing,
  onEditingChange,
  onSave,
}: {
  field: string;
  label: string;
  value: string | null;
  schema: z.ZodType;
  kind?: "text" | "long_text" | "email" | "url" | "tel";
  readOnly: boolean;
  editing: boolean;
  onEditingChange: (editing: boolean) => void;
  onSave: (value: string | null) => Promise<void>;
}) {
  const t = useTranslations() as unknown as Translate;
  const empty = value === null || value === "";
  return (
    <InlineField<string>
      label={label}
      value={value ?? ""}
      display={empty ? "—" : value}
      empty={empty}
      readOnly={readOnly}
      editing={editing}
      onEditingChange={onEditingChange}
      wide={kind === "long_text"}
      validate={(v) => {
        const result = schema.safeParse(v);
        if (result.success) return null;
        const issue = result.error.issues[0];
        // The path names the field for the message's choice of words; a record's name is not a deal's ("Give the deal a name").
        return issue ? issueMessage({ ...issue, path: [`record.${field}`, ...issue.path] }, t) : t("deal.fieldsPanel.invalid");
      }}
      onSave={(v) => onSave(v.trim() === "" ? null : v)}
      renderEditor={({ id, value: draft, onChange, invalid, describedBy }) =>
        kind === "long_text" ? (
          <Textarea id={id} value={draft} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} className="min-h-24" />
        ) : (
          <Input id={id} type={kind} value={draft} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} autoComplete="off" />
        )
      }
    />
  );
}
