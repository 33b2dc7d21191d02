import { useQuery } from "@tanstack/react-query";
import { type Contact, contactClient, contactQuery, contactSearchQuery } from "./contacts";
import { useRecordsById, useRecordWrites } from "./use-records";

/** Contacts matching `search` (already debounced by the caller), fetched while `enabled`. */
export function useContactSearch(search: string, companyId: string | null, enabled = true) {
  return useQuery({ ...contactSearchQuery(search, companyId), enabled });
}

/** Contacts by id; missing ones map to null. */
export function useContactsById(ids: readonly string[]): Map<string, Contact | null> {
  return useRecordsById(ids, contactQuery);
}

/** Create, change, delete and restore contacts. */
export const useContactWrites = () => useRecordWrites<Contact>(contactClient);
