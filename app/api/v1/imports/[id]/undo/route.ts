import { withApi } from "@/lib/api/handler";
import { otherMethods } from "@/lib/api/methods";
import { getDb } from "@/lib/db";
import { importIdParamsSchema } from "@/lib/imports/schema";
import { undoImport } from "@/lib/imports/service";

export const dynamic = "force-dynamic";

/** `{ import }`: what the import created is in the trash (within a day of its end; the importer or a manager). */
export const POST = withApi({ params: importIdParamsSchema }, async ({ caller, params }) => ({ import: await undoImport(getDb(), caller, params.id) }));

export const { HEAD, GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
