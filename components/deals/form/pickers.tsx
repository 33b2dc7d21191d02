"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Combobox, type ComboboxOption } from "@/components/ui/combobox";
import { SelectField } from "@/components/ui/field";
import { useDebounced } from "@/components/ui/use-debounced";
import { newIdempotencyKey } from "@/lib/api-client";
import { splitPersonName } from "@/lib/names";
import { type Contact, contactName } from "@/lib/queries/contacts";
import { useCompanySearch, useCompanyWrites } from "@/lib/queries/use-companies";
import { useContactSearch, useContactsById, useContactWrites } from "@/lib/queries/use-contacts";
import { useMembers } from "@/lib/queries/use-members";

const contactOption = (c: Contact): ComboboxOption => ({
  value: c.id,
  label: contactName(c),
  hint: [c.title, c.company_name ?? undefined, c.email].filter(Boolean).join(" · ") || undefined,
});

/**
 * Whether to offer "Create … “X”" for what was typed: when nothing matches it, and only once the
 * (empty) list shown is the answer to that very text, not an older search still on screen. A
 * partial match ("Müller" finding "Müller GmbH") is offered instead, so arrow keys and Enter
 * still pick the match.
 */
function offerCreate(typed: string, searched: string, fetching: boolean, matches: number): boolean {
  const text = typed.trim();
  return text !== "" && text === searched && !fetching && matches === 0;
}

const CREATE = "__create__";
const ALL_CONTACTS = "__all_contacts__";

interface FieldA11y {
  id?: string;
  /** Open the search list at once (an in-place editor). */
  defaultOpen?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

/** Company: a searchable select over the tenant's companies. */
export function CompanyPicker({
  value,
  label,
  onChange,
  ...a11y
}: FieldA11y & { value: string | null; label: string | null; onChange: (id: string | null, name: string | null) => void }) {
  const t = useTranslations();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(a11y.defaultOpen ?? false);
  const searched = useDebounced(search.trim());
  const query = useCompanySearch(searched, open);
  const { create } = useCompanyWrites();
  const [creating, setCreating] = useState<string | null>(null);
  const companies = query.data ?? [];
  const options: ComboboxOption[] = companies.map((c) => ({ value: c.id, label: c.name, hint: c.industry ?? c.domain ?? undefined }));
  if (offerCreate(search, searched, query.isFetching, companies.length)) {
    const name = search.trim();
    options.push({
      value: CREATE,
      label: t("form.pickers.createCompany", { name }),
      action: {
        close: true,
        run: () => {
          setCreating(name);
          create.mutate(
            { input: { name }, idempotencyKey: newIdempotencyKey() },
            {
              onSuccess: (company) => onChange(company.id, company.name),
              onError: (error) => toast.error(t("form.pickers.createFailed", { message: error.message })),
              onSettled: () => setCreating(null),
            },
          );
        },
      },
    });
  }
  const selected = creating ? [{ value: CREATE, label: t("form.pickers.creating") }] : value ? [{ value, label: label ?? value }] : [];
  return (
    <div onFocusCapture={() => setOpen(true)} onPointerDownCapture={() => setOpen(true)}>
      <Combobox
        {...a11y}
        aria-label={t("deal.fields.company_id")}
        clearable
        value={value}
        selected={selected}
        options={options}
        search={search}
        onSearchChange={setSearch}
        loading={query.isFetching}
        error={query.isError ? t("form.pickers.companiesFailed") : null}
        placeholder={t("form.pickers.noCompany")}
        searchPlaceholder={t("form.pickers.searchCompanies")}
        emptyText={search ? t("form.pickers.noCompanyMatch", { search }) : t("form.pickers.noCompanies")}
        onChange={(v, o) => onChange(v, o?.label ?? null)}
      />
    </div>
  );
}

/**
 * Primary contact: one of the tenant's contacts. With the deal's company chosen, that company's
 * contacts come first (the others one row away: "Show contacts of every company"); a name that
 * matches nobody can be created in place, at that company.
 */
export function ContactPicker({
  value,
  label,
  onChange,
  companyId = null,
  ...a11y
}: FieldA11y & { value: string | null; label: string | null; onChange: (id: string | null, contact: Contact | null) => void; companyId?: string | null }) {
  const t = useTranslations();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(a11y.defaultOpen ?? false);
  // Which company the list is narrowed to; a new company choice narrows it again.
  const [widenedFor, setWidenedFor] = useState<string | null>(null);
  const scopeCompany = companyId && widenedFor !== companyId ? companyId : null;
  const searched = useDebounced(search.trim());
  const query = useContactSearch(searched, scopeCompany, open);
  const items = useMemo(() => query.data ?? [], [query.data]);
  const { create } = useContactWrites();
  const [creating, setCreating] = useState(false);
  const options = items.map(contactOption);
  if (scopeCompany) options.push({ value: ALL_CONTACTS, label: t("form.pickers.showAllContacts"), action: { run: () => setWidenedFor(scopeCompany) } });
  if (offerCreate(search, searched, query.isFetching, items.length)) {
    const typed = search.trim();
    options.push({
      value: CREATE,
      label: t("form.pickers.createContact", { name: typed }),
      action: {
        close: true,
        run: () => {
          setCreating(true);
          create.mutate(
            { input: { ...splitPersonName(typed), ...(companyId ? { company_id: companyId } : {}) }, idempotencyKey: newIdempotencyKey() },
            {
              onSuccess: (contact) => onChange(contact.id, contact),
              onError: (error) => toast.error(t("form.pickers.createFailed", { message: error.message })),
              onSettled: () => setCreating(false),
            },
          );
        },
      },
    });
  }
  const selected = creating ? [{ value: CREATE, label: t("form.pickers.creating") }] : value ? [{ value, label: label ?? value }] : [];
  return (
    <div onFocusCapture={() => setOpen(true)} onPointerDownCapture={() => setOpen(true)}>
      <Combobox
        {...a11y}
        aria-label={t("deal.fields.contact_id")}
        clearable
        value={value}
        selected={selected}
        options={options}
        search={search}
        onSearchChange={setSearch}
        loading={query.isFetching}
        error={query.isError ? t("form.pickers.contactsFailed") : null}
        placeholder={t("form.pickers.noContact")}
        searchPlaceholder={t("form.pickers.searchContacts")}
        emptyText={search ? t("form.pickers.noContactMatch", { search }) : t("form.pickers.noContacts")}
        onChange={(v) => onChange(v, items.find((c) => c.id === v) ?? null)}
      />
    </div>
  );
}

/** All contacts involved in the deal (multi-select). */
export function ContactsPicker({
  value,
  knownLabels,
  onChange,
  ...a11y
}: FieldA11y & { value: string[]; knownLabels: Map<string, string>; onChange: (ids: string[]) => void }) {
  const t = useTranslations();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(a11y.defaultOpen ?? false);
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const searched = useDebounced(search.trim());
  const query = useContactSearch(searched, null, open);
  const { create } = useContactWrites();
  const options = (query.data ?? []).map(contactOption);
  if (offerCreate(search, searched, query.isFetching, (query.data ?? []).length)) {
    const typed = search.trim();
    options.push({
      value: CREATE,
      label: t("form.pickers.createContact", { name: typed }),
      action: {
        close: true,
        run: () =>
          create.mutate(
            { input: splitPersonName(typed), idempotencyKey: newIdempotencyKey() },
            {
              onSuccess: (contact) => {
                setPicked((prev) => new Map(prev).set(contact.id, contactName(contact)));
                onChange([...value, contact.id]);
              },
              onError: (error) => toast.error(t("form.pickers.createFailed", { message: error.message })),
            },
          ),
      },
    });
  }
  const unknown = value.filter((id) => !knownLabels.has(id) && !picked.has(id));
  const fetched = useContactsById(unknown);
  const selected = value.map((id) => ({
    value: id,
    label: picked.get(id) ?? knownLabels.get(id) ?? (fetched.get(id) ? contactOption(fetched.get(id)!).label : fetched.get(id) === null ? t("form.pickers.removedContact") : t("form.pickers.loading")),
  }));
  return (
    <div onFocusCapture={() => setOpen(true)} onPointerDownCapture={() => setOpen(true)}>
      <Combobox
        {...a11y}
        aria-label={t("deal.fields.contact_ids")}
        multiple
        value={value}
        selected={selected}
        options={options}
        search={search}
        onSearchChange={setSearch}
        loading={query.isFetching}
        error={query.isError ? t("form.pickers.contactsFailed") : null}
        placeholder={t("form.pickers.addContacts")}
        searchPlaceholder={t("form.pickers.searchContacts")}
        emptyText={search ? t("form.pickers.noContactMatch", { search }) : t("form.pickers.noContacts")}
        onChange={(ids, opts) => {
          setPicked((prev) => {
            const next = new Map(prev);
            for (const o of opts) if (o.label !== o.value) next.set(o.value, o.label);
            return next;
          });
          onChange(ids);
        }}
      />
    </div>
  );
}

/** Owner: one of the tenant's members. */
export function MemberPicker({
  value,
  label,
  onChange,
  disabled,
  ...a11y
}: FieldA11y & { value: string | null; label?: string | null; onChange: (id: string | null) => void; disabled?: boolean }) {
  const t = useTranslations();
  const members = useMembers();
  const options = (members.data ?? []).map((m) => ({ value: m.id, label: m.name }));
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: label ?? t("form.pickers.loading") });
  return (
    <SelectField
      id={a11y.id}
      aria-invalid={a11y["aria-invalid"]}
      value={value}
      onChange={onChange}
      options={options}
      none={t("form.unassigned")}
      placeholder={members.isLoading ? t("form.pickers.loadingMembers") : undefined}
      disabled={disabled}
    />
  );
}
