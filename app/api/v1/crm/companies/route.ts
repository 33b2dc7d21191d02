import { json, withApi } from "@/lib/api/handler";
import { etag } from "@/lib/api/etag";
import { companyCreateSchema, companyListQuerySchema } from "@/lib/companies/schema";
import { createCompany, listCompanies } from "@/lib/companies/service";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** The tenant's companies: search, sort, limit/offset. */
export const GET = withApi({ query: companyListQuerySchema }, async ({ caller, query }) =>
  listCompanies(getDb(), caller.tenantId, query),
);

export const POST = withApi({ body: companyCreateSchema }, async ({ caller, body }) => {
  const company = await createCompany(getDb(), caller, body);
  return json({ company }, { status: 201, headers: { etag: etag(company.version), location: `/api/v1/crm/companies/${company.id}` } });
});
