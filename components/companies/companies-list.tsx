"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { type RecordColumn, RecordList } from "@/components/records/record-list";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate } from "@/lib/format";
import { type Company, companyListQuery } from "@/lib/queries/companies";
import { useCompanyWrites } from "@/lib/queries/use-companies";
import { CompanyFormDialog } from "./company-form-dialog";

/** The catalog of these screens (messages/companies). */
const NS = "companies" as const;


export const companyHref = (id: string) => `/companies/${encodeURIComponent(id)}`;

/** /companies: every company of the workspace, searchable and sortable, with its trash. */
export function CompaniesList() {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const { restore } = useCompanyWrites();
  const [newOpen, setNewOpen] = useState(false);
  const dash = <span className="text-slate-500">—</span>;
  const columns = (trash: boolean): RecordColumn<Company>[] => [
          { key: "name", label: t("companies.columns.name"), sort: "name", className: "min-w-56", cell: (c) => c.name },
          { key: "domain", label: t("companies.columns.domain"), className: "min-w-40", cell: (c) => c.domain ?? dash },
          { key: "industry", label: t("companies.columns.industry"), className: "min-w-32", cell: (c) => c.industry ?? dash },
          { key: "phone", label: t("companies.columns.phone"), className: "w-36", cell: (c) => c.phone ?? dash },
          { key: "deals", label: t("companies.columns.deals"), align: "right", className: "w-20", cell: (c) => new Intl.NumberFormat(locale).format(c.deal_count) },
          trash
            ? { key: "deleted", label: t("companies.columns.deleted"), className: "w-32", cell: (c) => formatDate(c.deleted_at, locale) }
            : { key: "updated", label: t("companies.columns.updated"), sort: "updated_at", className: "w-32", cell: (c) => formatDate(c.updated_at, locale) },
        ];
  return (
    <>
      <RecordList<Company>
        ns={NS}
        query={companyListQuery}
        columns={columns}
        hrefFor={(c) => companyHref(c.id)}
        nameOf={(c) => c.name}
        cardDetail={(c, trash) => (
          <>
            {c.domain ? <span className="truncate">{c.domain}</span> : null}
            {c.industry ? <span className="truncate">{c.industry}</span> : null}
            <span className="tabular">{t("companies.list.dealCount", { count: c.deal_count })}</span>
            {trash ? <span className="text-slate-500">{formatDate(c.deleted_at, locale)}</span> : null}
          </>
        )}
        restore={(c) => restore.mutateAsync(c.id)}
        onNew={() => setNewOpen(true)}
      />
      <CompanyFormDialog
        open={newOpen}
        onOpenChange={setNewOpen}
        onCreated={(company) => toast.success(t("companies.list.created", { name: company.name }), { action: { label: t("records.list.open"), onClick: () => router.push(companyHref(company.id)) } })}
      />
    </>
  );
}
