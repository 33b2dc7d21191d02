"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Combobox, type ComboboxOption } from "@/components/ui/combobox";
import { SelectField } from "@/components/ui/field";
import { useDebounced } from "@/components/ui/use-debounced";
import { type Contact, contactName } from "@/lib/queries/contacts";
import { useCompanySearch } from "@/lib/queries/use-companies";
import { useContactSearch, useContactsById } from "@/lib/queries/use-contacts";
import { useMembers } from "@/lib/queries/use-members";

const contactOption = (c: Contact): ComboboxOption => ({
  value: c.id,
  label: contactName(c),
  hint: [c.title, c.company_name ?? undefined, c.email].filter(Boolean).join(" · ") || undefined,
});

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
  const query = useCompanySearch(useDebounced(search.trim()), open);
  const options: ComboboxOption[] = (query.data ?? []).map((c) => ({ value: c.id, label: c.name, hint: c.industry ?? c.domain ?? undefined }));
  return (
    <div onFocusCapture={() => setOpen(true)} onPointerDownCapture={() => setOpen(true)}>
      <Combobox
        {...a11y}
        aria-label={t("deal.fields.company_id")}
        clearable
        value={value}
        selected={value ? [{ value, label: label ?? value }] : []}
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

/** Primary contact: one of the tenant's contacts. */
export function ContactPicker({
  value,
  label,
  onChange,
  ...a11y
}: FieldA11y & { value: string | null; label: string | null; onChange: (id: string | null, contact: Contact | null) => void }) {
  const t = useTranslations();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(a11y.defaultOpen ?? false);
  const query = useContactSearch(useDebounced(search.trim()), null, open);
  const items = useMemo(() => query.data ?? [], [query.data]);
  return (
    <div onFocusCapture={() => setOpen(true)} onPointerDownCapture={() => setOpen(true)}>
      <Combobox
        {...a11y}
        aria-label={t("deal.fields.contact_id")}
        clearable
        value={value}
        selected={value ? [{ value, label: label ?? value }] : []}
        options={items.map(contactOption)}
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
  const query = useContactSearch(useDebounced(search.trim()), null, open);
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
        options={(query.data ?? []).map(contactOption)}
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
