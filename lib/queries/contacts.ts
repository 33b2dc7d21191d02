import type { Contact } from "@/lib/contacts/schema";
import { personName } from "@/lib/names";
import { contactKeys } from "./keys";
import { recordByIdQuery, recordSearchQuery } from "./records";

/** Contacts as the deal pickers and the timeline read them (hook-free; the hooks are in use-contacts.ts). */

export type { Contact };

const CONTACTS_URL = "/api/v1/crm/contacts";

export const contactName = (c: Pick<Contact, "first_name" | "last_name">): string => personName(c.first_name, c.last_name);

/** Contacts matching `search`, of one company when `companyId` is given. */
export const contactSearchQuery = (search: string, companyId: string | null = null) =>
  recordSearchQuery<Contact>(CONTACTS_URL, contactKeys.search(search, companyId), companyId ? { search, company_id: companyId } : { search });

export const contactQuery = (id: string) => recordByIdQuery<Contact>(CONTACTS_URL, "contact", id, contactKeys.detail(id));
