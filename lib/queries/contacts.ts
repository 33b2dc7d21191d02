import type { Contact } from "@/lib/contacts/schema";
import { personName } from "@/lib/names";
import { contactKeys } from "./keys";
import { type RecordClient, recordByIdQuery, recordPageQuery, recordPageRecordQuery, recordSearchQuery, recordsApi } from "./records";

/** Contacts as the browser reads them: pickers, the list screen, the record page (hook-free; the hooks are in use-contacts.ts). */

export type { Contact };

const CONTACTS_URL = "/api/v1/crm/contacts";

export const contactClient: RecordClient = { url: CONTACTS_URL, envelope: "contact", keys: contactKeys };
export const contactsApi = recordsApi<Contact>(contactClient);

export const contactName = (c: Pick<Contact, "first_name" | "last_name">): string => personName(c.first_name, c.last_name);

/** Contacts matching `search`, of one company when `companyId` is given. */
export const contactSearchQuery = (search: string, companyId: string | null = null) =>
  recordSearchQuery<Contact>(CONTACTS_URL, contactKeys.search(search, companyId), companyId ? { search, company_id: companyId } : { search });

export const contactQuery = (id: string) => recordByIdQuery<Contact>(CONTACTS_URL, "contact", id, contactKeys.detail(id));

export const contactListQuery = (params: Record<string, string>) => recordPageQuery<Contact>(contactClient, params);

export const contactRecordQuery = (id: string) => recordPageRecordQuery<Contact>(contactClient, id);
