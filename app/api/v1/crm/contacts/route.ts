import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { etag } from "@/lib/api/etag";
import { contactCreateSchema, contactListQuerySchema } from "@/lib/contacts/schema";
import { createContact, listContacts } from "@/lib/contacts/service";
import { getDb } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";
import { contactsCsv } from "@/lib/exports/lists";
import { listFormat } from "@/lib/exports/stream";

export const dynamic = "force-dynamic";

/** The tenant's contacts: search, filter by company, sort, limit/offset. */
export const GET = withApi({ query: contactListQuerySchema }, async ({ caller, query, req }) =>
  listFormat(req.headers.get("accept")) === "csv" ? contactsCsv(getDb(), caller, query) : listContacts(getDb(), caller, query),
);

/** 201 `{ contact }`; an Idempotency-Key makes retries safe. */
export const POST = withApi({ body: contactCreateSchema }, async ({ caller, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller, "contacts", body), async (trx) => {
    const contact = await createContact(trx, caller, body);
    return { status: 201, body: { contact }, headers: { etag: etag(contact.version), location: `/api/v1/crm/contacts/${contact.id}` } };
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
