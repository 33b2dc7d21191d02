import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Company, CompanyActivityList, CompanyDealSummary } from "@/lib/companies/schema";
import { companyKeys } from "./keys";
import { type RecordClient, recordByIdQuery, recordPageQuery, recordPageRecordQuery, recordSearchQuery, recordsApi } from "./records";

/** Companies as the browser reads them: pickers, the list screen, the record page (hook-free; the hooks are in use-companies.ts). */

export type { Company };

const COMPANIES_URL = "/api/v1/crm/companies";

export const companyClient: RecordClient = { url: COMPANIES_URL, envelope: "company", keys: companyKeys };
export const companiesApi = recordsApi<Company>(companyClient);

export const companySearchQuery = (search: string) => recordSearchQuery<Company>(COMPANIES_URL, companyKeys.search(search), { search });

export const companyQuery = (id: string) => recordByIdQuery<Company>(COMPANIES_URL, "company", id, companyKeys.detail(id));

export const companyListQuery = (params: Record<string, string>) => recordPageQuery<Company>(companyClient, params);

export const companyRecordQuery = (id: string) => recordPageRecordQuery<Company>(companyClient, id);

export const companySummaryQuery = (id: string) =>
  queryOptions({
    queryKey: companyKeys.summary(id),
    queryFn: ({ signal }) => apiFetch<{ summary: CompanyDealSummary }>(`${COMPANIES_URL}/${encodeURIComponent(id)}/deal-summary`, { signal }).then((r) => r.summary),
  });

/** The newest `limit` activities of the company's deals. */
export const companyActivitiesQuery = (id: string, limit: number) =>
  queryOptions({
    queryKey: [...companyKeys.activities(id), limit],
    queryFn: ({ signal }) => apiFetch<CompanyActivityList>(`${COMPANIES_URL}/${encodeURIComponent(id)}/activities?limit=${limit}`, { signal }),
    placeholderData: (previous) => previous,
  });
