import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { kickImport } from "@/lib/imports/runner";
import { importIdParamsSchema, importOptionsSchema } from "@/lib/imports/schema";
import { startImport } from "@/lib/imports/service";

export const dynamic = "force-dynamic";

/** 202 `{ import }`: the draft is queued (with the mapping and options sent, if any) and runs in the background; poll GET for progress. */
export const POST = withApi({ params: importIdParamsSchema, body: importOptionsSchema, bodyOptional: true }, async ({ caller, params, body }) => {
  const view = await startImport(getDb(), caller, params.id, body ?? {});
  kickImport(view.id);
  return new Response(JSON.stringify({ import: view }), { status: 202, headers: { "content-type": "application/json; charset=utf-8" } });
});

export const { HEAD, GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
