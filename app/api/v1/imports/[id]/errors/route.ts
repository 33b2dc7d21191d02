import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { importIdParamsSchema } from "@/lib/imports/schema";
import { importErrorsCsv } from "@/lib/imports/service";

export const dynamic = "force-dynamic";

/** The failed rows as a CSV download (UTF-8 with BOM): line, field, reason. */
export const GET = withApi({ params: importIdParamsSchema }, async ({ caller, params }) => {
  const text = await importErrorsCsv(getDb(), caller, params.id);
  return new Response(text, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="import-${params.id}-errors.csv"` },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
