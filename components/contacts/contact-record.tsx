"use client";

import { useQuery } from "@tanstack/react-query";
import { Building2, Mail } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { InlineField } from "@/components/deals/detail/inline-field";
import { CompanyPicker } from "@/components/deals/form/pickers";
import { DeleteRecordDialog } from "@/components/records/delete-record-dialog";
import { RecordBreadcrumb, RecordHeader, RecordSection, RecordTrashBanner } from "@/components/records/record-chrome";
import { RecordDeals } from "@/components/records/record-deals";
import { RecordEditConflict } from "@/components/records/record-edit-conflict";
import { RecordTextField } from "@/components/records/record-text-field";
import { type RecordViewer, useRecordPage } from "@/components/records/use-record-page";
import { useLocale } from "@/components/ui/use-locale";
import { type Contact, contactUpdateSchema } from "@/lib/contacts/schema";
import { formatDate } from "@/lib/format";
import { contactClient, contactName, contactRecordQuery } from "@/lib/queries/contacts";

/** The catalog of these screens (messages/contacts). */
const NS = "contacts" as const;
/** How the deals list narrows to this record's deals. */
const DEAL_FILTER = "contact_id" as const;

const TEXT_FIELDS = [
  { name: "first_name", kind: "text" },
  { name: "last_name", kind: "text" },
  { name: "title", kind: "text" },
  { name: "email", kind: "email" },
  { name: "phone", kind: "tel" },
  { name: "note", kind: "long_text" },
] as const;
type ContactField = (typeof TEXT_FIELDS)[number]["name"] | "company_id";
const COMPANY_FIELD = "company_id";
const FIELD_NAMES = ["first_name", "last_name", "company_id", "title", "email", "phone", "note"];

/**
 * A contact's record page: fields editable in place (a 409 shows theirs against yours), the
 * company they work at, and the deals they are on. Delete offers Undo; one in the trash shows Restore.
 */
export function ContactRecord({ initialContact, viewer }: { initialContact: Contact; viewer: RecordViewer }) {
  const id = initialContact.id;
  const t = useTranslations();
  const locale = useLocale();
  const { data: contact } = useQuery({ ...contactRecordQuery(id), initialData: initialContact });
  const name = contactName(contact);
  const { writes, edit, memberName, deleted, canDelete, deleteOpen, setDeleteOpen, confirmDelete, restore } = useRecordPage({ ns: NS, client: contactClient, record: contact, name, fields: FIELD_NAMES, viewer });
  const [editing, setEditing] = useState<ContactField | null>(null);

  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6">
      <RecordBreadcrumb href="/contacts" list={t("contacts.record.allContacts")} current={name} />
      {deleted ? <RecordTrashBanner title={t("contacts.record.trashTitle")} deletedAt={contact.deleted_at} canRestore={canDelete} restoring={writes.restore.isPending} onRestore={restore} /> : null}

      <RecordHeader
        title={name}
        details={
          <>
            {contact.title ? <span>{contact.title}</span> : null}
            {contact.company_id && contact.company_name ? (
              <Link href={`/companies/${encodeURIComponent(contact.company_id)}`} className="inline-flex items-center gap-1 hover:text-accent hover:underline">
                <Building2 className="h-3.5 w-3.5" aria-hidden /> {contact.company_name}
              </Link>
            ) : null}
            {contact.email ? (
              <a href={`mailto:${contact.email}`} className="inline-flex items-center gap-1 hover:text-accent hover:underline" aria-label={t("contacts.record.email", { email: contact.email })}>
                <Mail className="h-3.5 w-3.5" aria-hidden /> {contact.email}
              </a>
            ) : null}
            <span className="text-xs text-muted">{t("records.record.created", { date: formatDate(contact.created_at, locale) })}</span>
          </>
        }
        deleted={deleted}
        canDelete={canDelete}
        onDelete={() => setDeleteOpen(true)}
        onRestore={restore}
      />

      <RecordEditConflict
        ns={NS}
        edit={edit}
        memberName={memberName}
        format={(field, value) =>
          field === "company_id"
            ? value === edit.conflict?.theirs.company_id
              ? (edit.conflict?.theirs.company_name ?? String(value))
              : value === contact.company_id
                ? (contact.company_name ?? String(value))
                : String(value)
            : String(value)
        }
      />

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)] lg:items-start">
        <RecordSection id="contact-details" title={t("contacts.record.details")}>
          <dl className="space-y-0.5">
            {(locale.startsWith("ja") ? [TEXT_FIELDS[1], TEXT_FIELDS[0]] : TEXT_FIELDS.slice(0, 2)).map((f) => textField(f))}
            <InlineField<{ id: string | null; name: string | null }>
              label={t("contacts.fields.company_id")}
              value={{ id: contact.company_id, name: contact.company_name }}
              display={contact.company_name ?? t("contacts.record.noCompany")}
              empty={!contact.company_id}
              readOnly={deleted}
              editing={editing === "company_id"}
              onEditingChange={(on) => setEditing(on ? COMPANY_FIELD : null)}
              onSave={(v) => (v.id === contact.company_id ? Promise.resolve() : edit.save(contact, { company_id: v.id }))}
              renderEditor={({ id: fieldId, value, commit }) => <CompanyPicker id={fieldId} defaultOpen value={value.id} label={value.name} onChange={(cid, companyName) => commit({ id: cid, name: companyName })} />}
            />
            {TEXT_FIELDS.slice(2).map((f) => textField(f))}
          </dl>
        </RecordSection>
        <div className="min-w-0 space-y-4">
          <RecordSection id="contact-deals" title={t("records.record.deals")}>
            {deleted ? <p className="text-sm text-muted">{t("records.record.restoreToSee")}</p> : <RecordDeals filter={DEAL_FILTER} id={id} />}
          </RecordSection>
        </div>
      </div>

      <DeleteRecordDialog ns={NS} open={deleteOpen} name={name} pending={writes.remove.isPending} onCancel={() => setDeleteOpen(false)} onConfirm={confirmDelete} />
    </main>
  );

  function textField(f: (typeof TEXT_FIELDS)[number]) {
    return (
      <RecordTextField
        key={f.name}
        field={f.name}
        label={t(`contacts.fields.${f.name}`)}
        value={contact[f.name]}
        schema={contactUpdateSchema.shape[f.name]}
        kind={f.kind}
        readOnly={deleted}
        editing={editing === f.name}
        onEditingChange={(on) => setEditing(on ? f.name : null)}
        onSave={(value) => (value === contact[f.name] ? Promise.resolve() : edit.save(contact, { [f.name]: value }))}
      />
    );
  }
}
