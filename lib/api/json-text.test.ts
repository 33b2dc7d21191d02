import { describe, expect, it } from "vitest";
import { JsonText, jsonBytes, jsonWithArray } from "./json-text";

// Items as PostgreSQL writes them: JSON texts, with characters of every UTF-8 length.
const items = [
  { name: "Annual license — Sapporo Foods", amount: "1.50" },
  { name: "Café ünd Straße", notes: "Ω≈ç√ and tabs\tand \"quotes\" and \\ backslashes" },
  { name: "東京海上 renewal 🚀🚀", tags: ["𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u2028\u2029"] },
  { name: "plain ascii" },
].map((item) => JSON.stringify(item));

describe("jsonBytes", () => {
  it("writes a JsonText's pieces as the UTF-8 bytes of the whole text", () => {
    const body = jsonWithArray("items", items, { total: 4, limit: 50, offset: 0, next_cursor: "c·1" });
    const bytes = jsonBytes(body);
    const text = `{"items":[${items.join(",")}],"total":4,"limit":50,"offset":0,"next_cursor":"c·1"}`;
    expect(body.text).toBe(text);
    expect(bytes.equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(bytes.length).toBe(Buffer.byteLength(text));
    expect(JSON.parse(bytes.toString("utf8"))).toEqual({
      items: items.map((item) => JSON.parse(item)),
      total: 4,
      limit: 50,
      offset: 0,
      next_cursor: "c·1",
    });
  });

  it("writes an empty array and an object with nothing besides the array", () => {
    expect(jsonBytes(jsonWithArray("items", [], { total: 0 })).toString()).toBe(`{"items":[],"total":0}`);
    expect(jsonBytes(jsonWithArray("items", [], {})).toString()).toBe(`{"items":[]}`);
    expect(jsonBytes(jsonWithArray("a\"b", [items[2]], {})).toString()).toBe(`{"a\\"b":[${items[2]}]}`);
  });

  it("encodes a page-sized body whose characters outside Latin-1 are spread over many pieces", () => {
    const many = Array.from({ length: 51 }, (_, i) => JSON.stringify({ i, name: `Deal ${i} — ${"é".repeat(i)}${"🚀".repeat(i % 3)}` }));
    const bytes = jsonBytes(jsonWithArray("items", many, { total: 51 }));
    expect(JSON.parse(bytes.toString("utf8")).items).toEqual(many.map((item) => JSON.parse(item)));
    expect(bytes.equals(Buffer.from(`{"items":[${many.join(",")}],"total":51}`))).toBe(true);
  });

  it("stringifies anything that is not a JsonText", () => {
    const value = { name: "Straße — 🚀", n: 1, nested: [null, true] };
    expect(jsonBytes(value).equals(Buffer.from(JSON.stringify(value)))).toBe(true);
    expect(jsonBytes(new JsonText(["[1,", "2]"])).toString()).toBe("[1,2]");
  });
});
