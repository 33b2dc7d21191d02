import { useQuery } from "@tanstack/react-query";
import { type Company, companyClient, companyQuery, companySearchQuery } from "./companies";
import { useRecordsById, useRecordWrites } from "./use-records";

/** Companies matching `search` (already debounced by the caller), fetched while `enabled`. */
export function useCompanySearch(search: string, enabled = true) {
  return useQuery({ ...companySearchQuery(search), enabled });
}

/** Companies by id; missing ones map to null. */
export function useCompaniesById(ids: readonly string[]): Map<string, Company | null> {
  return useRecordsById(ids, companyQuery);
}

/** Create, change, delete and restore companies. */
export const useCompanyWrites = () => useRecordWrites<Company>(companyClient);
