/**
 * Every `code` a problem+json answer of the API can carry, with its HTTP status and what it
 * means: clients switch on `code`, so the list is closed. `AppError`, `problemResponse` and the
 * early answers take an `ErrorCode`, so a code missing here fails the type check, and the OpenAPI
 * document (lib/openapi.ts) lists them all from here.
 *
 * Per-field `errors[].code` values (`required`, `too_big`, `invalid_reference`, …) are details of
 * these and are not listed. Sign-in, sign-up and better-auth's other endpoints answer in
 * better-auth's own error format.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, description: "A field, parameter or header is invalid; `errors` says which and why." },
  unknown_field: { status: 400, description: "The body has a field the resource does not have." },
  read_only_field: { status: 400, description: "The body sets a field the server manages (or `source`, after create)." },
  invalid_json: { status: 400, description: "The body is empty or not JSON." },
  json_too_deep: { status: 400, description: "The body's JSON nests deeper than the API reads." },
  invalid_encoding: { status: 400, description: "A body or query parameter is not UTF-8 (or not percent-encoded as UTF-8)." },
  invalid_path_encoding: { status: 400, description: "The path has malformed percent-encoding." },
  invalid_characters: { status: 400, description: "A string or key holds NUL, a control character other than tab or line break, or an unpaired UTF-16 surrogate." },
  reserved_key: { status: 400, description: "A key that cannot be used: `__proto__`, and `constructor` or `prototype` as custom field names." },
  invalid_if_match: { status: 400, description: "`If-Match` is not one strong ETag this API could have issued." },
  invalid_if_none_match: { status: 400, description: "`If-None-Match` is not a list of ETags." },
  invalid_cursor: { status: 400, description: "The cursor is not one this list or column issued for these filters." },
  invalid_idempotency_key: { status: 400, description: "`Idempotency-Key` is not 1 to 255 printable ASCII characters." },
  unauthorized: { status: 401, description: "No valid session cookie or Bearer token." },
  forbidden: { status: 403, description: "The caller's role does not allow this." },
  no_active_tenant: { status: 403, description: "The session has no active workspace." },
  api_key_not_allowed: {
    status: 403,
    description: "API keys reach only `/api/v1/crm/*` (never sign-in, settings or key management); an application-scoped key only deals, companies and contacts.",
  },
  api_key_read_only: { status: 403, description: "A write with an API key whose `access` is `read`." },
  origin_not_allowed: { status: 403, description: "A cookie-authenticated write from another origin." },
  not_found: { status: 404, description: "No such record in this workspace (another workspace's records, and ones the caller may not see, are not found either)." },
  route_not_found: { status: 404, description: "No API endpoint at this path." },
  organization_not_found: { status: 404, description: "No such workspace, or the caller is not a member of it." },
  method_not_allowed: { status: 405, description: "The endpoint does not take this method; `Allow` lists those it does." },
  version_conflict: { status: 409, description: "The record changed since the version sent (If-Match or `version`); the current record is in the body." },
  stage_has_deals: { status: 409, description: "A pipeline change removes stages that still hold deals; `counts` has them per stage. Send `move_deals_to`." },
  pipeline_has_deals: { status: 409, description: "Deleting a pipeline that still holds deals; `count` has how many. Send `move_deals_to`." },
  default_pipeline: { status: 409, description: "The default pipeline cannot be deleted; make another one the default first." },
  // Tasks and the timeline (migration 2026-12-09T1000-task-fields).
  system_activity: { status: 409, description: "The timeline entry is the system's record of a change (created, field or stage change, deleted, restored): it cannot be edited or deleted." },
  not_deleted: { status: 409, description: "Restore of a deal, company or contact that is not in the trash." },
  idempotency_in_progress: { status: 409, description: "A request with this Idempotency-Key is still running; retry after `Retry-After`." },
  write_conflict: { status: 409, description: "The write collided with a concurrent one; retry it." },
  precondition_failed: { status: 412, description: "A weak `If-Match` (`W/\"3\"`), which never matches under strong comparison. Nothing was written." },
  payload_too_large: { status: 413, description: "The body exceeds 1 MB." },
  unsupported_media_type: { status: 415, description: "The body is not JSON sent as `application/json` in UTF-8." },
  invalid_reference: { status: 422, description: "A referenced record (company, contact, owner, neighbour card) is not a live record of this workspace." },
  unknown_stage: { status: 422, description: "The stage is not one of the deal's pipeline's stages; `allowed` lists its stage ids." },
  lost_reason_required: { status: 422, description: "A lost deal needs `lost_reason` and `loss_category`." },
  invalid_for_stage: { status: 422, description: "A field that the deal's stage does not allow (`won_date` unless won, `actual_close_date` while open)." },
  idempotency_key_reused: { status: 422, description: "This Idempotency-Key was used for a different request." },
  rate_limited: {
    status: 429,
    description: "The credential (session or API key) sent more requests than its limit in this window; retry after `Retry-After` seconds. Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.",
  },
  internal_error: { status: 500, description: "Something failed on the server; quote the `request_id`." },
  method_not_implemented: { status: 501, description: "A method the API does not implement at all." },
  service_unavailable: { status: 503, description: "The database is unavailable; retry after `Retry-After` seconds." },
  // CSV import and export
  not_acceptable: { status: 406, description: "`Accept` names no format this endpoint answers in (JSON, and CSV on the deals, companies and contacts lists)." },
  csv_unreadable: { status: 400, description: "The uploaded file has no header row or no records, or is too large to import; `errors` says which." },
  import_mapping_incomplete: { status: 422, description: "The import's mapping leaves a required field (a deal's or company's name, a contact's name) without a column." },
  import_not_draft: { status: 409, description: "The import has already started: its mapping can no longer change and it cannot start again." },
  import_not_undoable: { status: 409, description: "The import cannot be undone: it has not finished, was undone already, or finished more than a day ago." },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** The codes answered with `status`, in registry order. */
export const codesWithStatus = (status: number): ErrorCode[] => ERROR_CODE_LIST.filter((code) => ERROR_CODES[code].status === status);
