import { withApi } from "@/lib/api/handler";
import { idempotencyFor, runIdempotent } from "@/lib/api/idempotency";
import { etag } from "@/lib/api/etag";
import { companyCreateSchema, companyListQuerySchema } from "@/lib/companies/schema";
import { createCompany, listCompanies } from "@/lib/companies/service";
import { getDb } from "@/lib/db";
import { otherMethods } from "@/lib/api/methods";
import { companiesCsv } from "@/lib/exports/lists";
import { listFormat } from "@/lib/exports/stream";

export const dynamic = "force-dynamic";

/** The tenant's companies: search, sort, limit/offset. */
export const GET = withApi({ query: companyListQuerySchema }, async ({ caller, query, req }) =>
  listFormat(req.headers.get("accept")) === "csv" ? companiesCsv(getDb(), caller, query) : listCompanies(getDb(), caller, query),
);

/** 201 `{ company }`; an Idempotency-Key makes retries safe. */
export const POST = withApi({ body: companyCreateSchema }, async ({ caller, body, req }) =>
  runIdempotent(getDb(), idempotencyFor(req, caller, "companies", body), async (trx) => {
    const company = await createCompany(trx, caller, body);
    return { status: 201, body: { company }, headers: { etag: etag(company.version), location: `/api/v1/crm/companies/${company.id}` } };
  }),
);

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
