"use client";

import { useQuery } from "@tanstack/react-query";
import { Globe, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { contactHref } from "@/components/contacts/contacts-list";
import { ContactFormDialog } from "@/components/contacts/contact-form-dialog";
import { DeleteRecordDialog } from "@/components/records/delete-record-dialog";
import { RecordBreadcrumb, RecordHeader, RecordSection, RecordTrashBanner } from "@/components/records/record-chrome";
import { RecordDeals } from "@/components/records/record-deals";
import { RecordEditConflict } from "@/components/records/record-edit-conflict";
import { RecordTextField } from "@/components/records/record-text-field";
import { type RecordViewer, useRecordPage } from "@/components/records/use-record-page";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import { type Company, companyUpdateSchema } from "@/lib/companies/schema";
import { formatDate, formatMoney } from "@/lib/format";
import { companyClient, companyRecordQuery, companySummaryQuery } from "@/lib/queries/companies";
import { contactName, contactSearchQuery } from "@/lib/queries/contacts";
import { CompanyTimeline } from "./company-timeline";

/** The catalog of these screens (messages/companies). */
const NS = "companies" as const;
/** How the deals list narrows to this record's deals. */
const DEAL_FILTER = "company_id" as const;

/** The fields a person edits on the record page, in order; also what a conflict compares. */
const COMPANY_FIELDS = [
  { name: "name", kind: "text" },
  { name: "domain", kind: "text" },
  { name: "industry", kind: "text" },
  { name: "website", kind: "url" },
  { name: "phone", kind: "tel" },
  { name: "address", kind: "text" },
  { name: "note", kind: "long_text" },
] as const;
type CompanyField = (typeof COMPANY_FIELDS)[number]["name"];
const FIELD_NAMES = COMPANY_FIELDS.map((f) => f.name);

/**
 * A company's record page: its fields editable in place (a 409 shows theirs against yours), its
 * deals with their count and open totals per currency, its people, and one timeline of all its
 * deals' activities. Delete offers Undo; a company in the trash shows Restore.
 */
export function CompanyRecord({ initialCompany, viewer }: { initialCompany: Company; viewer: RecordViewer }) {
  const id = initialCompany.id;
  const t = useTranslations();
  const locale = useLocale();
  const { data: company } = useQuery({ ...companyRecordQuery(id), initialData: initialCompany });
  const { writes, edit, memberName, deleted, canDelete, deleteOpen, setDeleteOpen, confirmDelete, restore } = useRecordPage({ ns: NS, client: companyClient, record: company, name: company.name, fields: FIELD_NAMES, viewer });
  const [editing, setEditing] = useState<CompanyField | null>(null);
  const [contactOpen, setContactOpen] = useState(false);

  return (
    <main className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-4 sm:px-6">
      <RecordBreadcrumb href="/companies" list={t("companies.record.allCompanies")} current={company.name} />
      {deleted ? <RecordTrashBanner title={t("companies.record.trashTitle")} deletedAt={company.deleted_at} canRestore={canDelete} restoring={writes.restore.isPending} onRestore={restore} /> : null}

      <RecordHeader
        title={company.name}
        details={
          <>
            {company.industry ? <span>{company.industry}</span> : null}
            {company.website ? (
              <a href={company.website} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 hover:text-accent hover:underline">
                <Globe className="h-3.5 w-3.5" aria-hidden /> {company.domain ?? company.website}
              </a>
            ) : company.domain ? (
              <span>{company.domain}</span>
            ) : null}
            <span className="text-xs text-muted">{t("records.record.created", { date: formatDate(company.created_at, locale) })}</span>
          </>
        }
        deleted={deleted}
        canDelete={canDelete}
        onDelete={() => setDeleteOpen(true)}
        onRestore={restore}
      >
        {!deleted ? <DealFigures companyId={id} /> : null}
      </RecordHeader>

      <RecordEditConflict ns={NS} edit={edit} memberName={memberName} format={(_field, value) => String(value)} />

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,420px)_minmax(0,1fr)] lg:items-start">
        <div className="space-y-4">
          <RecordSection id="company-details" title={t("companies.record.details")}>
            <dl className="space-y-0.5">
              {COMPANY_FIELDS.map((f) => (
                <RecordTextField
                  key={f.name}
                  field={f.name}
                  label={t(`companies.fields.${f.name}`)}
                  value={company[f.name]}
                  schema={companyUpdateSchema.shape[f.name]}
                  kind={f.kind}
                  readOnly={deleted}
                  editing={editing === f.name}
                  onEditingChange={(on) => setEditing(on ? f.name : null)}
                  onSave={(value) => (value === company[f.name] ? Promise.resolve() : edit.save(company, { [f.name]: value }))}
                />
              ))}
            </dl>
          </RecordSection>
          <RecordSection
            id="company-contacts"
            title={t("companies.record.contacts")}
            aside={
              !deleted ? (
                <Button size="sm" variant="secondary" className="h-10 sm:h-7" onClick={() => setContactOpen(true)}>
                  <Plus className="h-3.5 w-3.5" aria-hidden /> {t("companies.record.newContact")}
                </Button>
              ) : null
            }
          >
            <CompanyContacts companyId={id} deleted={deleted} />
          </RecordSection>
        </div>
        <div className="min-w-0 space-y-4">
          <RecordSection id="company-deals" title={t("records.record.deals")}>
            {deleted ? <p className="text-sm text-muted">{t("records.record.restoreToSee")}</p> : <RecordDeals filter={DEAL_FILTER} id={id} />}
          </RecordSection>
          <section aria-labelledby="company-activity" className="space-y-3">
            <h2 id="company-activity" className="text-sm font-semibold text-slate-900">
              {t("records.timeline.title")}
            </h2>
            {deleted ? <p className="text-sm text-muted">{t("records.record.restoreToSee")}</p> : <CompanyTimeline companyId={id} memberName={memberName} />}
          </section>
        </div>
      </div>

      <DeleteRecordDialog ns={NS} open={deleteOpen} name={company.name} pending={writes.remove.isPending} onCancel={() => setDeleteOpen(false)} onConfirm={confirmDelete} />
      <ContactFormDialog
        open={contactOpen}
        onOpenChange={setContactOpen}
        company={{ id, name: company.name }}
        onCreated={(contact) => toast.success(t("contacts.list.created", { name: contactName(contact) }))}
      />
    </main>
  );
}

/** The company's deals in figures: how many are open, won and lost, and the open amounts per currency. */
function DealFigures({ companyId }: { companyId: string }) {
  const t = useTranslations();
  const locale = useLocale();
  const summary = useQuery(companySummaryQuery(companyId));
  if (summary.isPending) return <Skeleton className="mt-3 h-5 w-72" />;
  if (summary.isError) return null;
  const s = summary.data;
  const fmt = new Intl.NumberFormat(locale);
  return (
    <dl className="mt-3 flex flex-wrap items-baseline gap-x-5 gap-y-1.5 text-sm" data-testid="company-deal-figures">
      <div className="flex items-baseline gap-1.5">
        <dt className="text-xs text-muted">{t("companies.record.openDeals")}</dt>
        <dd className="tabular font-semibold">{fmt.format(s.open_deal_count)}</dd>
      </div>
      <div className="flex items-baseline gap-1.5">
        <dt className="text-xs text-muted">{t("companies.record.won")}</dt>
        <dd className="tabular font-semibold text-green-700">{fmt.format(s.won_deal_count)}</dd>
      </div>
      <div className="flex items-baseline gap-1.5">
        <dt className="text-xs text-muted">{t("companies.record.lost")}</dt>
        <dd className="tabular font-semibold text-red-700">{fmt.format(s.lost_deal_count)}</dd>
      </div>
      <div className="flex flex-wrap items-baseline gap-1.5">
        <dt className="text-xs text-muted">{t("companies.record.openTotal")}</dt>
        {s.open_totals.length === 0 ? (
          <dd className="text-slate-500">{t("companies.record.noOpenTotal")}</dd>
        ) : (
          s.open_totals.map((total) => (
            <dd key={total.currency} className="tabular font-semibold text-slate-900">
              {t("companies.record.openInCurrency", { amount: formatMoney(total.amount, total.currency, locale), count: total.count })}
            </dd>
          ))
        )}
      </div>
    </dl>
  );
}

const SHOWN_CONTACTS = 20;

/** The people at the company, each linking to their record. */
function CompanyContacts({ companyId, deleted }: { companyId: string; deleted: boolean }) {
  const t = useTranslations();
  const query = useQuery({ ...contactSearchQuery("", companyId), enabled: !deleted });
  if (deleted) return <p className="text-sm text-muted">{t("records.record.restoreToSee")}</p>;
  if (query.isPending) return <Skeleton className="h-4 w-1/2" />;
  if (query.isError) return <p className="text-sm text-red-700">{t("companies.record.contactsFailed")}</p>;
  if (query.data.length === 0) return <p className="text-sm text-muted">{t("companies.record.noContacts")}</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label={t("companies.record.contacts")}>
      {query.data.slice(0, SHOWN_CONTACTS).map((c) => (
        <li key={c.id} className="flex flex-wrap items-baseline gap-x-2 py-2 text-sm">
          <Link href={contactHref(c.id)} className="font-medium text-slate-900 hover:text-accent hover:underline">
            {contactName(c)}
          </Link>
          {c.title ? <span className="text-xs text-muted">{c.title}</span> : null}
          {c.email ? <span className="ml-auto truncate text-xs text-slate-600">{c.email}</span> : null}
        </li>
      ))}
    </ul>
  );
}
