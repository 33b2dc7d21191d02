import { z } from "zod";
import { json, withApi } from "@/lib/api/handler";
import { etag, expectedVersion, notModified } from "@/lib/api/etag";
import { companyGetQuerySchema, companyUpdateSchema } from "@/lib/companies/schema";
import { deleteCompany, getCompany, updateCompany } from "@/lib/companies/service";
import { getDb } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

// Any string: a malformed id is simply not found, like another tenant's.
const params = z.object({ id: z.string() });

/** `include_deleted=true` also finds it in the trash. */
export const GET = withApi({ params, query: companyGetQuerySchema }, async ({ caller, params, query, req }) => {
  const company = await getCompany(getDb(), caller, params.id, { includeDeleted: query.include_deleted });
  return notModified(req, company.version) ?? json({ company }, { headers: { etag: etag(company.version) } });
});

export const PATCH = withApi({ params, body: companyUpdateSchema }, async ({ caller, params, body, req }) => {
  const company = await updateCompany(getDb(), caller, params.id, body, expectedVersion(req, body.version));
  return json({ company }, { headers: { etag: etag(company.version) } });
});

/** Soft delete; If-Match guards it like a change (409 when stale). */
export const DELETE = withApi({ params }, async ({ caller, params, req }) => {
  await deleteCompany(getDb(), caller, params.id, expectedVersion(req));
  return { success: true };
});

export const { HEAD, POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
