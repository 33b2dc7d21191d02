import type { Company } from "@/lib/companies/schema";
import { companyKeys } from "./keys";
import { recordByIdQuery, recordSearchQuery } from "./records";

/** Companies as the deal pickers and the timeline read them (hook-free; the hooks are in use-companies.ts). */

export type { Company };

const COMPANIES_URL = "/api/v1/crm/companies";

export const companySearchQuery = (search: string) => recordSearchQuery<Company>(COMPANIES_URL, companyKeys.search(search), { search });

export const companyQuery = (id: string) => recordByIdQuery<Company>(COMPANIES_URL, "company", id, companyKeys.detail(id));
