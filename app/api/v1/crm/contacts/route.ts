import { json, withApi } from "@/lib/api/handler";
import { etag } from "@/lib/api/etag";
import { contactCreateSchema, contactListQuerySchema } from "@/lib/contacts/schema";
import { createContact, listContacts } from "@/lib/contacts/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** The tenant's contacts: search, filter by company, sort, limit/offset. */
export const GET = withApi({ query: contactListQuerySchema }, async ({ caller, query }) =>
  listContacts(getDb(), caller.tenantId, query),
);

export const POST = withApi({ body: contactCreateSchema }, async ({ caller, body }) => {
  const contact = await createContact(getDb(), caller, body);
  return json({ contact }, { status: 201, headers: { etag: etag(contact.version), location: `/api/v1/crm/contacts/${contact.id}` } });
});
