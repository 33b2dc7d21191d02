import type { Locale } from "@/lib/i18n/config";
import type { ErrorCode } from "./error-codes";
import type { FieldError } from "./errors";
import { localizeProblem } from "./problem-i18n";

/** RFC 9457 problem details, with our machine-readable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  request_id: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  501: "Not Implemented",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(
  input: { status: number; code: ErrorCode; detail: string; requestId: string; instance?: string; extra?: Record<string, unknown>; locale?: Locale },
  headers: Record<string, string> = {},
): Response {
  // `Accept-Language: ja` localizes the words; the code stays (lib/api/problem-i18n.ts).
  const { title, detail } = localizeProblem(input.locale, { ...input, title: TITLES[input.status] ?? "Error" });
  const body: Problem = {
    type: `https://pipeline.dev/problems/${input.code.replace(/_/g, "-")}`,
    title,
    status: input.status,
    detail,
    code: input.code,
    request_id: input.requestId,
    ...(input.instance ? { instance: input.instance } : {}),
    ...input.extra,
  };
  return new Response(JSON.stringify(body), {
    status: input.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": input.requestId, ...headers },
  });
}
