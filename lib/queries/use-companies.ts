import { useQuery } from "@tanstack/react-query";
import { type Company, companyQuery, companySearchQuery } from "./companies";
import { useRecordsById } from "./use-records";

/** Companies matching `search` (already debounced by the caller), fetched while `enabled`. */
export function useCompanySearch(search: string, enabled = true) {
  return useQuery({ ...companySearchQuery(search), enabled });
}

/** Companies by id; missing ones map to null. */
export function useCompaniesById(ids: readonly string[]): Map<string, Company | null> {
  return useRecordsById(ids, companyQuery);
}
