import { describe, expect, it } from "vitest";
import { api, signUp } from "@/tests/support/http";

describe("GET /api/v1/openapi.json", () => {
  it("serves the generated OpenAPI 3.1 document without credentials", async () => {
    const res = await api.get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/crm/deals", "/api/v1/crm/deals/{id}/stage", "/api/v1/crm/companies/{id}", "/api/v1/crm/members", "/api/v1/me"]),
    );
    expect(doc.paths["/api/v1/openapi.json"].get.security).toEqual([]);
    expect(doc.paths["/api/v1/crm/deals"].post.security).toBeUndefined();
  });

  it("is the same document for a signed-in caller", async () => {
    const user = await signUp();
    const anonymous = await (await api.get("/api/v1/openapi.json")).json();
    const authed = await (await api.get("/api/v1/openapi.json", { token: user.token })).json();
    expect(authed).toEqual(anonymous);
  });

  it("documents what the API really returns: a created company has exactly the documented fields", async () => {
    const user = await signUp();
    const doc = await (await api.get("/api/v1/openapi.json")).json();
    const { company } = await (await api.post("/api/v1/crm/companies", { name: "Northwind Traders" }, { token: user.token })).json();
    const documented = doc.components.schemas.Company;
    expect(Object.keys(company).sort()).toEqual(Object.keys(documented.properties).sort());
    expect([...documented.required].sort()).toEqual(Object.keys(company).sort());

    const problem = await (await api.post("/api/v1/crm/companies", { colour: "red" }, { token: user.token })).json();
    for (const key of doc.components.schemas.Problem.required) expect(problem).toHaveProperty(key);
  });
});
