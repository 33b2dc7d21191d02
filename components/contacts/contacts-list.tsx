"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { companyHref } from "@/components/companies/companies-list";
import { type RecordColumn, RecordList } from "@/components/records/record-list";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate } from "@/lib/format";
import { type Contact, contactListQuery, contactName } from "@/lib/queries/contacts";
import { useContactWrites } from "@/lib/queries/use-contacts";
import { ContactFormDialog } from "./contact-form-dialog";

/** The catalog of these screens (messages/contacts). */
const NS = "contacts" as const;


export const contactHref = (id: string) => `/contacts/${encodeURIComponent(id)}`;

/** /contacts: every contact of the workspace, searchable and sortable, with its trash. */
export function ContactsList() {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const { restore } = useContactWrites();
  const [newOpen, setNewOpen] = useState(false);
  const dash = <span className="text-slate-500">—</span>;
  const company = (c: Contact) =>
    c.company_id && c.company_name ? (
      <Link href={companyHref(c.company_id)} className="relative z-[1] hover:text-accent hover:underline">
        {c.company_name}
      </Link>
    ) : null;
  const columns = (trash: boolean): RecordColumn<Contact>[] => [
          { key: "name", label: t("contacts.columns.name"), sort: "name", className: "min-w-48", cell: (c) => contactName(c) },
          { key: "company", label: t("contacts.columns.company"), className: "min-w-40", cell: (c) => company(c) ?? dash },
          { key: "title", label: t("contacts.columns.title"), className: "min-w-32", cell: (c) => c.title ?? dash },
          { key: "email", label: t("contacts.columns.email"), className: "min-w-48", cell: (c) => c.email ?? dash },
          { key: "phone", label: t("contacts.columns.phone"), className: "w-36", cell: (c) => c.phone ?? dash },
          trash
            ? { key: "deleted", label: t("contacts.columns.deleted"), className: "w-32", cell: (c) => formatDate(c.deleted_at, locale) }
            : { key: "updated", label: t("contacts.columns.updated"), sort: "updated_at", className: "w-32", cell: (c) => formatDate(c.updated_at, locale) },
        ];
  return (
    <>
      <RecordList<Contact>
        ns={NS}
        query={contactListQuery}
        columns={columns}
        hrefFor={(c) => contactHref(c.id)}
        nameOf={contactName}
        cardDetail={(c, trash) => (
          <>
            {company(c)}
            {c.title ? <span className="truncate">{c.title}</span> : null}
            {c.email ? <span className="truncate">{c.email}</span> : null}
            {trash ? <span className="text-slate-500">{formatDate(c.deleted_at, locale)}</span> : null}
          </>
        )}
        restore={(c) => restore.mutateAsync(c.id)}
        onNew={() => setNewOpen(true)}
      />
      <ContactFormDialog
        open={newOpen}
        onOpenChange={setNewOpen}
        onCreated={(contact) => toast.success(t("contacts.list.created", { name: contactName(contact) }), { action: { label: t("records.list.open"), onClick: () => router.push(contactHref(contact.id)) } })}
      />
    </>
  );
}
