import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { kickImport } from "@/lib/imports/runner";
import { importIdParamsSchema, importOptionsSchema } from "@/lib/imports/schema";
import { getImport, previewImport } from "@/lib/imports/service";

export const dynamic = "force-dynamic";

/** `{ import }`: status, progress, counts and the failed rows' errors. */
export const GET = withApi({ params: importIdParamsSchema }, async ({ caller, params }) => {
  const view = await getImport(getDb(), caller, params.id);
  // A queued or running import whose process stopped is resumed by whoever asks about it.
  if (view.status === "queued" || view.status === "running") kickImport(view.id);
  return { import: view };
});

/** `{ import, preview }`: a draft's mapping or options changed, and its first rows previewed with them. */
export const PATCH = withApi({ params: importIdParamsSchema, body: importOptionsSchema }, async ({ caller, params, body }) =>
  previewImport(getDb(), caller, params.id, body),
);

export const { HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods({ GET, PATCH });
