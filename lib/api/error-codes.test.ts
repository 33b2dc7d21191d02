import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi";
import { codesWithStatus, ERROR_CODE_LIST, ERROR_CODES, isErrorCode } from "./error-codes";

describe("error codes", () => {
  const doc = openApiDocument();

  it("are snake_case, each with an HTTP error status and a sentence", () => {
    for (const code of ERROR_CODE_LIST) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(ERROR_CODES[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODES[code].status).toBeLessThan(600);
      expect(ERROR_CODES[code].description).toMatch(/\.$/);
    }
    expect(isErrorCode("version_conflict")).toBe(true);
    expect(isErrorCode("teapot")).toBe(false);
    expect(isErrorCode("toString")).toBe(false);
  });

  it("are listed completely in the OpenAPI document: the Problem schema's enum and the error response of their status", () => {
    const problem = doc.components.schemas.Problem as { properties: { code: { enum: string[]; description: string } } };
    expect(problem.properties.code.enum).toEqual(ERROR_CODE_LIST);
    for (const code of ERROR_CODE_LIST) expect(problem.properties.code.description).toContain(`\`${code}\` (${ERROR_CODES[code].status})`);
    const responses = Object.values(doc.components.responses) as Array<{ description: string }>;
    for (const status of [400, 401, 403, 404, 409, 412, 413, 415, 422, 503]) {
      const codes = codesWithStatus(status);
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) expect(responses.some((r) => r.description.includes(`\`${code}\``))).toBe(true);
    }
  });
});
