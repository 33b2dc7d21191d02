import { problemResponse } from "@/lib/api/problem";
import { problemLocale } from "@/lib/api/problem-i18n";

export const dynamic = "force-dynamic";

/** Unknown API paths answer problem+json like every other API error, not an HTML page; every method alike. */
function notFound(req: Request): Response {
  const path = new URL(req.url).pathname;
  return problemResponse({
    status: 404,
    code: "route_not_found",
    detail: `No API endpoint at ${req.method} ${path}. See /api/v1/openapi.json.`,
    requestId: crypto.randomUUID(),
    instance: path,
    locale: problemLocale(req.headers.get("accept-language")),
  });
}

export {
  notFound as GET,
  notFound as HEAD,
  notFound as POST,
  notFound as PATCH,
  notFound as PUT,
  notFound as DELETE,
  notFound as OPTIONS,
};
