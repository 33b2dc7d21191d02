"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { personName } from "@/lib/names";
import { useEffect, useState } from "react";
import type { ComboboxOption } from "@/components/ui/combobox";
import { apiFetch } from "@/lib/api-client";
import type { Actor, DealVisibility } from "@/lib/permissions";
import { companyKeys, contactKeys, memberKeys } from "@/lib/queries/keys";

/**
 * Read-only lookups the deal form and record page need: the tenant's members (owner picker,
 * people names in the timeline), and searchable companies and contacts. All tenant-scoped by
 * the API, so a picker can never offer another tenant's record.
 */

export interface MemberLite {
  id: string;
  name: string;
  email: string;
  role: string;
}
export interface CompanyLite {
  id: string;
  name: string;
  industry?: string | null;
  domain?: string | null;
}
export interface ContactLite {
  id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  company_id: string | null;
  company_name?: string | null;
  title?: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}

export const contactName = (c: Pick<ContactLite, "first_name" | "last_name">): string => personName(c.first_name, c.last_name);

export const contactOption = (c: ContactLite): ComboboxOption => ({
  value: c.id,
  label: contactName(c),
  hint: [c.title, c.company_name ?? undefined, c.email].filter(Boolean).join(" · ") || undefined,
});

export function useDebounced<T>(value: T, ms = 200): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function useMembers() {
  return useQuery({
    queryKey: memberKeys.all,
    queryFn: ({ signal }) => apiFetch<{ items: MemberLite[] }>("/api/v1/crm/members", { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

interface MeResponse {
  user: { id: string; name: string };
  tenant: { deal_visibility: DealVisibility };
  is_manager: boolean;
}

/** The signed-in person as lib/permissions.ts's `Actor`, with their name. */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: ({ signal }) =>
      apiFetch<MeResponse>("/api/v1/me", { signal }).then(
        (r): Actor & { id: string; name: string } => ({ id: r.user.id, userId: r.user.id, name: r.user.name, isManager: r.is_manager, dealVisibility: r.tenant.deal_visibility }),
      ),
    staleTime: Infinity,
  });
}

export function useCompanySearch(search: string, enabled = true) {
  const q = useDebounced(search.trim());
  return useQuery({
    queryKey: companyKeys.list(q),
    queryFn: ({ signal }) =>
      apiFetch<Page<CompanyLite>>(`/api/v1/crm/companies?${new URLSearchParams({ search: q, limit: "20" })}`, { signal }).then((r) => r.items),
    enabled,
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });
}

export function useContactSearch(search: string, companyId: string | null | undefined, enabled = true) {
  const q = useDebounced(search.trim());
  return useQuery({
    queryKey: [...contactKeys.list(q), companyId ?? null],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ search: q, limit: "20" });
      if (companyId) params.set("company_id", companyId);
      return apiFetch<Page<ContactLite>>(`/api/v1/crm/contacts?${params}`, { signal }).then((r) => r.items);
    },
    enabled,
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });
}

/** Contacts by id (names of linked contacts that are not in a search page). Missing ones map to null. */
export function useContactsById(ids: readonly string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...contactKeys.all, "detail", id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiFetch<{ contact: ContactLite }>(`/api/v1/crm/contacts/${encodeURIComponent(id)}`, { signal }).then((r) => r.contact),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const byId = new Map<string, ContactLite | null>();
  results.forEach((r, i) => {
    if (r.data) byId.set(r.data.id, r.data);
    else if (r.isError) byId.set(ids[i], null);
  });
  return byId;
}

/** Companies by id (names of companies a timeline entry mentions). Missing ones map to null. */
export function useCompaniesById(ids: readonly string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...companyKeys.all, "detail", id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiFetch<{ company: CompanyLite }>(`/api/v1/crm/companies/${encodeURIComponent(id)}`, { signal }).then((r) => r.company),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const byId = new Map<string, CompanyLite | null>();
  results.forEach((r, i) => {
    if (r.data) byId.set(r.data.id, r.data);
    else if (r.isError) byId.set(ids[i], null);
  });
  return byId;
}
