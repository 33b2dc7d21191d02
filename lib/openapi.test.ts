import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { companySchema } from "@/lib/companies/schema";
import { dealCreateSchema, dealListQuerySchema, dealSchema } from "@/lib/deals/schema";
import { openApiDocument, OPERATIONS } from "./openapi";

const doc = openApiDocument();

/** Resolves a local JSON pointer (`#/components/schemas/Deal`) in the document. */
function resolve(pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in (node as object))) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** Every `app/api/**\/route.ts` with the HTTP methods it exports, as documented paths. */
function implementedOperations(): string[] {
  const root = path.resolve(import.meta.dirname, "../app/api");
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === "route.ts") {
        const route = "/api/" + path.relative(root, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        const source = readFileSync(full, "utf8");
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)) out.push(`${m[1].toLowerCase()} ${route}`);
      }
    }
  };
  walk(root);
  // better-auth's own endpoints are not part of the public API.
  return out.filter((op) => !op.includes("/api/auth/")).sort();
}

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document with info, security schemes and tags", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie", name: "better-auth.session_token" });
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    const usedTags = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags as string[])));
    for (const tag of usedTags) expect(doc.tags.map((t) => t.name)).toContain(tag);
  });

  it("documents every implemented endpoint, and nothing that does not exist", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    expect(documented).toEqual(implementedOperations());
    expect(documented).toEqual(
      expect.arrayContaining([
        "get /api/v1/crm/deals",
        "post /api/v1/crm/deals",
        "get /api/v1/crm/deals/{id}",
        "patch /api/v1/crm/deals/{id}",
        "delete /api/v1/crm/deals/{id}",
        "post /api/v1/crm/deals/{id}/stage",
        "get /api/v1/crm/deals/{id}/activities",
        "post /api/v1/crm/deals/{id}/activities",
        "post /api/v1/crm/deals/{id}/restore",
        "get /api/v1/crm/board",
        "get /api/v1/crm/companies",
        "get /api/v1/crm/contacts",
        "get /api/v1/crm/members",
        "get /api/v1/me",
        "get /api/v1/health",
      ]),
    );
  });

  it("resolves every $ref", () => {
    const refs = [...new Set(collectRefs(doc))];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it("has unique operation ids, declared path parameters, and a problem+json body for every error", () => {
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [p, ops] of Object.entries(doc.paths)) {
      const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        const params = ((op.parameters as Array<{ in?: string; name?: string }>) ?? []).filter((x) => x.in === "path").map((x) => x.name);
        expect(params).toEqual(templated);
        for (const [status, response] of Object.entries(op.responses as Record<string, { $ref?: string }>)) {
          if (Number(status) >= 400) {
            const resolved = resolve(response.$ref!) as { content: Record<string, { schema: { $ref: string } }> };
            expect(resolved.content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem");
          }
        }
      }
    }
    expect(doc.components.schemas.Problem).toMatchObject({ required: expect.arrayContaining(["type", "title", "status", "detail", "code", "request_id"]) });
  });

  it("generates the Deal schema from dealSchema: every field, with types", () => {
    const deal = doc.components.schemas.Deal as { properties: Record<string, { type?: unknown; enum?: string[] }>; required: string[] };
    expect(Object.keys(deal.properties).sort()).toEqual(Object.keys(dealSchema.shape).sort());
    expect([...deal.required].sort()).toEqual(Object.keys(dealSchema.shape).sort());
    expect(deal.properties.amount.type).toEqual(["number", "null"]);
    // Each pipeline has its own stages: a pattern, with the default pipeline's listed in the description.
    const stage = deal.properties.stage as { pattern?: string; description?: string };
    expect(stage.pattern).toBe("^[a-z0-9_]{1,40}$");
    for (const id of ["lead", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"]) expect(stage.description).toContain(`\`${id}\``);
    const company = doc.components.schemas.Company as { properties: Record<string, unknown> };
    expect(Object.keys(company.properties).sort()).toEqual(Object.keys(companySchema.shape).sort());
  });

  it("generates request bodies as input schemas: only writable fields, unknown ones rejected", () => {
    const create = doc.components.schemas.DealCreate as { properties: Record<string, { maxLength?: number }>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(create.properties).sort()).toEqual(Object.keys(dealCreateSchema.shape).sort());
    expect(create.required).toEqual(["name"]);
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.name.maxLength).toBe(200);
    expect(create.properties).not.toHaveProperty("id");
    const op = doc.paths["/api/v1/crm/deals"].post as { requestBody: { content: Record<string, { schema: unknown }> }; parameters: Array<{ $ref?: string }> };
    expect(op.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/DealCreate" });
    expect(op.parameters).toContainEqual({ $ref: "#/components/parameters/IdempotencyKey" });
  });

  it("turns the list query schema into query parameters", () => {
    const list = doc.paths["/api/v1/crm/deals"].get as { parameters: Array<{ name: string; in: string; schema: { enum?: string[]; default?: unknown } }> };
    expect(list.parameters.map((p) => p.name).sort()).toEqual(Object.keys(dealListQuerySchema.shape).sort());
    expect(list.parameters.every((p) => p.in === "query")).toBe(true);
    const sort = list.parameters.find((p) => p.name === "sort")!;
    expect(sort.schema.enum).toContain("expected_close_date");
  });

  it("declares ETag responses and If-Match on versioned writes", () => {
    const patch = doc.paths["/api/v1/crm/deals/{id}"].patch as { parameters: unknown[]; responses: Record<string, { headers?: Record<string, unknown> }> };
    expect(patch.parameters).toContainEqual({ $ref: "#/components/parameters/IfMatch" });
    expect(patch.responses["200"].headers).toEqual({ ETag: { $ref: "#/components/headers/ETag" } });
    expect(patch.responses["409"]).toEqual({ $ref: "#/components/responses/Conflict" });
  });

  it("documents conditional GETs, strong If-Match, Location on creates, 405/501, app_id, minor units and the boundary's error codes", () => {
    type Op = { parameters?: unknown[]; responses: Record<string, { $ref?: string; headers?: Record<string, unknown> }> };
    for (const path of ["/api/v1/crm/deals/{id}", "/api/v1/crm/companies/{id}", "/api/v1/crm/contacts/{id}"]) {
      const get = doc.paths[path].get as Op;
      expect(get.parameters, path).toContainEqual({ $ref: "#/components/parameters/IfNoneMatch" });
      expect(get.responses["304"], path).toEqual({ $ref: "#/components/responses/NotModified" });
      const patch = doc.paths[path].patch as Op;
      expect(patch.responses["412"], path).toEqual({ $ref: "#/components/responses/PreconditionFailed" });
    }
    expect(JSON.stringify(doc.components.parameters.IfMatch)).toMatch(/strong comparison/i);
    for (const [path, method] of [["/api/v1/crm/deals", "post"], ["/api/v1/crm/companies", "post"], ["/api/v1/crm/contacts", "post"], ["/api/v1/crm/deals/{id}/activities", "post"]] as const) {
      const created = (doc.paths[path][method] as Op).responses["201"];
      expect(created.headers, path).toMatchObject({ Location: { $ref: "#/components/headers/Location" } });
    }
    expect(doc.paths["/api/v1/crm/deals/{id}/activities/{activityId}"].get).toBeDefined();
    expect(doc.components.responses.MethodNotAllowed).toBeDefined();
    expect(String(doc.info.description)).toMatch(/405/);
    expect(String(doc.info.description)).toMatch(/Allow/);
    expect(String(doc.info.description)).toMatch(/501/);
    const deal = doc.components.schemas.Deal as { properties: Record<string, { type?: string[]; description?: string }> };
    expect(deal.properties.app_id.type).toEqual(["string", "null"]);
    expect(deal.properties.app_id.description).toMatch(/null/);
    const create = doc.components.schemas.DealCreate as { properties: Record<string, { description?: string; anyOf?: Array<{ description?: string }> }> };
    expect(JSON.stringify(create.properties.amount)).toMatch(/minor unit/);
    expect(Object.keys((doc.components.schemas.DealUpdate as { properties: object }).properties)).not.toContain("source");
    const badRequest = String(doc.components.responses.BadRequest.description);
    for (const code of ["invalid_characters", "invalid_encoding", "duplicate_parameter", "reserved_key", "invalid_if_none_match", "invalid_path_encoding"]) expect(badRequest).toContain(code);
    const companyDomain = JSON.stringify((doc.components.schemas.CompanyCreate as { properties: Record<string, unknown> }).properties.domain);
    expect(companyDomain).toMatch(/lower case/);
  });

  it("uses JSON Schema 2020-12 keywords, not OpenAPI 3.0 ones", () => {
    const text = JSON.stringify(doc.components.schemas);
    expect(text).not.toContain('"nullable"');
    expect(text).not.toContain('"example"');
    expect(text).not.toContain('"$schema"');
  });
});
