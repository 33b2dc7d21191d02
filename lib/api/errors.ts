import type { ErrorCode } from "./error-codes";

/**
 * Errors a service can throw; the handler wrapper turns each into problem+json.
 * `code` is machine-readable and stable: clients switch on it (lib/api/error-codes.ts).
 */
export interface FieldError {
  /** A JSON-pointer-like dotted path, e.g. `amount` or `contact_ids.2`. */
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Resource") => new AppError(404, "not_found", `${what} not found.`);
export const forbidden = (message = "You do not have permission to do this.") => new AppError(403, "forbidden", message);
export const unauthorized = (message = "Sign in or send a valid Bearer token.") =>
  new AppError(401, "unauthorized", message, {}, { "WWW-Authenticate": 'Bearer realm="pipeline"' });
export const unprocessable = (code: ErrorCode, message: string, errors?: FieldError[]) =>
  new AppError(422, code, message, errors ? { errors } : {});
export const serviceUnavailable = (message = "The database is unavailable. Try again shortly.") =>
  new AppError(503, "service_unavailable", message, {}, { "Retry-After": "5" });
