import { z } from "zod";
import { json, withApi } from "@/lib/api/handler";
import { etag, expectedVersion, notModified } from "@/lib/api/etag";
import { contactGetQuerySchema, contactUpdateSchema } from "@/lib/contacts/schema";
import { deleteContact, getContact, updateContact } from "@/lib/contacts/service";
import { getDb } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another tenant's.
const params = z.object({ id: z.string() });

/** `include_deleted=true` also finds it in the trash. */
export const GET = withApi({ params, query: contactGetQuerySchema }, async ({ caller, params, query, req }) => {
  const contact = await getContact(getDb(), caller, params.id, { includeDeleted: query.include_deleted });
  return notModified(req, contact.version) ?? json({ contact }, { headers: { etag: etag(contact.version) } });
});

export const PATCH = withApi({ params, body: contactUpdateSchema }, async ({ caller, params, body, req }) => {
  const contact = await updateContact(getDb(), caller, params.id, body, expectedVersion(req, body.version));
  return json({ contact }, { headers: { etag: etag(contact.version) } });
});

/** Soft delete; If-Match guards it like a change (409 when stale). */
export const DELETE = withApi({ params }, async ({ caller, params, req }) => {
  await deleteContact(getDb(), caller, params.id, expectedVersion(req));
  return { success: true };
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
