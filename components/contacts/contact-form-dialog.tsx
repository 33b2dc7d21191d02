"use client";

import { useState } from "react";
import { CompanyPicker } from "@/components/deals/form/pickers";
import { RecordFormDialog, type RecordFormField } from "@/components/records/record-form-dialog";
import { useLocale } from "@/components/ui/use-locale";
import { type Contact, contactCreateSchema } from "@/lib/contacts/schema";
import { useContactWrites } from "@/lib/queries/use-contacts";

/** The catalog of these screens (messages/contacts). */
const NS = "contacts" as const;


/**
 * "New contact": the fields of the API's create schema. `company` pre-fills the company (adding
 * a person from a company's page).
 */
export function ContactFormDialog({
  open,
  onOpenChange,
  company,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  company?: { id: string; name: string };
  onCreated: (contact: Contact) => void;
}) {
  const { create } = useContactWrites();
  const locale = useLocale();
  const [companyLabel, setCompanyLabel] = useState<string | null>(company?.name ?? null);
  // Japanese names are written family name first, and asked for in that order.
  const names: RecordFormField[] = [
    { name: "first_name", kind: "text" },
    { name: "last_name", kind: "text" },
  ];
  const fields: RecordFormField[] = [
    ...(locale.startsWith("ja") ? [...names].reverse() : names),
    {
      name: "company_id",
      kind: "custom",
      wide: true,
      render: ({ id, value, onChange, invalid, describedBy }) => (
        <CompanyPicker
          id={id}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          value={value}
          label={companyLabel}
          onChange={(companyId, name) => {
            onChange(companyId);
            setCompanyLabel(name);
          }}
        />
      ),
    },
    { name: "title", kind: "text" },
    { name: "email", kind: "email" },
    { name: "phone", kind: "tel" },
    { name: "note", kind: "long_text" },
  ];
  return (
    <RecordFormDialog<Contact>
      ns={NS}
      open={open}
      onOpenChange={onOpenChange}
      schema={contactCreateSchema}
      fields={fields}
      initial={company ? { company_id: company.id } : undefined}
      create={(input, idempotencyKey) => create.mutateAsync({ input, idempotencyKey })}
      onCreated={onCreated}
    />
  );
}
