import { openApiDocument } from "@/lib/openapi";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas. Public on purpose, like /health:
 * it describes the API and holds no workspace data, so code generators and API tools can
 * fetch it without credentials.
 */
export function GET(): Response {
  return Response.json(openApiDocument(), {
    headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  });
}

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
