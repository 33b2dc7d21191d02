import { z } from "zod";
import { etag } from "@/lib/api/etag";
import { json, withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { restoreCompany } from "@/lib/companies/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string() });

/** Undo a soft delete: `{ company }`. 409 `not_deleted` if the company is not in the trash. */
export const POST = withApi({ params }, async ({ caller, params }) => {
  const company = await restoreCompany(getDb(), caller, params.id);
  return json({ company }, { headers: { etag: etag(company.version) } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
