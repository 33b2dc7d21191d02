import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { importUploadQuerySchema } from "@/lib/imports/schema";
import { createImport, listImports } from "@/lib/imports/service";
import { readCsvUpload } from "@/lib/imports/upload";

export const dynamic = "force-dynamic";

/** `{ items }`: the latest imports the caller may see (a manager's workspace, a rep's own). */
export const GET = withApi({}, async ({ caller }) => ({ items: await listImports(getDb(), caller) }));

/** 201 `{ import, preview }`: the body is the CSV file; the import starts as a draft with its columns auto-mapped. */
export const POST = withApi({ query: importUploadQuerySchema }, async ({ caller, query, req }) => {
  const bytes = await readCsvUpload(req);
  const created = await createImport(getDb(), caller, { entity: query.entity, fileName: query.file_name, bytes });
  return new Response(JSON.stringify(created), {
    status: 201,
    headers: { "content-type": "application/json; charset=utf-8", location: `/api/v1/imports/${created.import.id}` },
  });
});

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
