import { z } from "zod";
import { etag } from "@/lib/api/etag";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { restoreContact } from "@/lib/contacts/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** Undo a soft delete: `{ contact }`. 409 `not_deleted` if the contact is not in the trash. */
export const POST = withApi({ params }, async ({ caller, params }) => {
  const contact = await restoreContact(getDb(), caller, params.id);
  return json({ contact }, { headers: { etag: etag(contact.version) } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
