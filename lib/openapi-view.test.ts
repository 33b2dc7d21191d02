import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { constraintsOf, curlExample, endpointsByTag, exampleBody, schemaFields, typeLabel } from "./openapi-view";

const doc = openApiDocument();

describe("typeLabel", () => {
  it("reads nullable, references, arrays, enums and formats", () => {
    expect(typeLabel({ type: ["number", "null"] }).label).toBe("number | null");
    expect(typeLabel({ $ref: "#/components/schemas/Deal" })).toEqual({ label: "Deal", ref: "Deal" });
    expect(typeLabel({ type: "array", items: { $ref: "#/components/schemas/Deal" } })).toEqual({ label: "Deal[]", ref: "Deal" });
    expect(typeLabel({ type: "string", enum: ["asc", "desc"] }).label).toBe('"asc" | "desc"');
    expect(typeLabel({ anyOf: [{ type: "string", format: "date" }, { type: "null" }] }).label).toBe("string (date) | null");
    expect(typeLabel({ type: "array", items: { anyOf: [{ type: "string" }, { type: "null" }] } }).label).toBe("(string | null)[]");
  });
});

describe("constraintsOf", () => {
  it("lists lengths, ranges and defaults, looking through nullable unions", () => {
    expect(constraintsOf({ anyOf: [{ type: "string", maxLength: 200 }, { type: "null" }] })).toEqual(["max length 200"]);
    expect(constraintsOf({ type: "integer", minimum: 0, maximum: 100, default: 10 })).toEqual(["≥ 0", "≤ 100", "default 10"]);
  });
});

describe("schemaFields", () => {
  it("lists the Deal's fields with required flags and links to referenced schemas", () => {
    const rows = schemaFields(doc, { $ref: "#/components/schemas/DealList" });
    expect(rows.find((r) => r.name === "items")).toMatchObject({ type: "Deal[]", refName: "Deal", required: true });
    const create = schemaFields(doc, { $ref: "#/components/schemas/DealCreate" });
    expect(create.find((r) => r.name === "name")).toMatchObject({ required: true, type: "string", constraints: ["min length 1", "max length 200"] });
    expect(create.find((r) => r.name === "amount")).toMatchObject({ required: false, type: "number | null" });
  });

  it("expands nested objects one level", () => {
    const rows = schemaFields(doc, { $ref: "#/components/schemas/Me" });
    expect(rows.map((r) => r.name)).toEqual(["user", "user.id", "user.name", "user.email", "user.locale", "tenant", "tenant.id", "tenant.name", "tenant.deal_visibility", "role", "is_manager"]);
    expect(rows.find((r) => r.name === "user.email")!.depth).toBe(1);
  });
});

describe("examples", () => {
  it("builds a request body with the required fields and well-known ones", () => {
    const body = exampleBody(doc, { $ref: "#/components/schemas/DealCreate" });
    expect(body.name).toEqual(expect.any(String));
    expect(body).toMatchObject({ amount: 1_200_000, currency: "JPY" });
    expect(Object.keys(body).length).toBeLessThanOrEqual(5);
    expect(exampleBody(doc, { $ref: "#/components/schemas/ContactCreate" })).toMatchObject({ first_name: "Hanako" });
  });

  it("writes a copy-pasteable curl command with the Bearer token", () => {
    const curl = curlExample({ method: "POST", path: "/api/v1/crm/deals/{id}/stage", baseUrl: "http://localhost:3000/", isPublic: false, body: { stage: "proposal", note: "it's" }, pathExamples: { id: "deal_X" } });
    expect(curl).toBe(
      [`curl -X POST 'http://localhost:3000/api/v1/crm/deals/deal_X/stage'`, `-H "Authorization: Bearer $TOKEN"`, `-H "Content-Type: application/json"`, `-d '{\n  "stage": "proposal",\n  "note": "it'\\''s"\n}'`].join(" \\\n  "),
    );
    expect(curlExample({ method: "GET", path: "/api/v1/health", baseUrl: "http://x", isPublic: true })).toBe("curl 'http://x/api/v1/health'");
  });
});

describe("endpointsByTag", () => {
  it("groups every operation under its tag in the document's tag order", () => {
    const groups = endpointsByTag(doc, "http://localhost:3000");
    expect(groups.map((g) => g.name)).toEqual(["Deals", "Activities", "Board", "Pipelines", "Companies", "Contacts", "Search", "Members", "Reports", "Account", "API keys", "Webhooks", "Workspace", "Imports", "System"]);
    const total = groups.reduce((n, g) => n + g.endpoints.length, 0);
    expect(total).toBe(Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0));
    const create = groups[0].endpoints.find((e) => e.anchor === "createDeal")!;
    expect(create).toMatchObject({ method: "POST", path: "/api/v1/crm/deals", isPublic: false, body: { schemaName: "DealCreate" } });
    expect(create.parameters.map((p) => p.name)).toEqual(["Idempotency-Key"]);
    expect(create.responses.map((r) => r.status)).toEqual(expect.arrayContaining(["201", "400", "401", "422"]));
    expect(create.responses.find((r) => r.status === "201")).toMatchObject({ schemaName: "DealEnvelope", contentType: "application/json" });
    expect(create.responses.find((r) => r.status === "400")).toMatchObject({ schemaName: "Problem", contentType: "application/problem+json" });
    expect(create.curl).toContain("Authorization: Bearer $TOKEN");
    const health = groups.at(-1)!.endpoints.find((e) => e.path === "/api/v1/health")!;
    expect(health.isPublic).toBe(true);
    expect(health.curl).not.toContain("Authorization");
  });
});
