"use client";

import { RecordFormDialog, type RecordFormField } from "@/components/records/record-form-dialog";
import { type Company, companyCreateSchema } from "@/lib/companies/schema";
import { useCompanyWrites } from "@/lib/queries/use-companies";

/** The catalog of these screens (messages/companies). */
const NS = "companies" as const;


const COMPANY_FIELDS: RecordFormField[] = [
  { name: "name", kind: "text", wide: true },
  { name: "domain", kind: "text" },
  { name: "industry", kind: "text" },
  { name: "website", kind: "url" },
  { name: "phone", kind: "tel" },
  { name: "address", kind: "text", wide: true },
  { name: "note", kind: "long_text" },
];

/** "New company": the fields of the API's create schema, name first. */
export function CompanyFormDialog({ open, onOpenChange, onCreated }: { open: boolean; onOpenChange: (open: boolean) => void; onCreated: (company: Company) => void }) {
  const { create } = useCompanyWrites();
  return (
    <RecordFormDialog<Company>
      ns={NS}
      open={open}
      onOpenChange={onOpenChange}
      schema={companyCreateSchema}
      fields={COMPANY_FIELDS}
      create={(input, idempotencyKey) => create.mutateAsync({ input, idempotencyKey })}
      onCreated={onCreated}
    />
  );
}
