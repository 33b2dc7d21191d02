import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { listFormat } from "@/lib/exports/stream";
import { decodeCsv, parseCsv } from "./csv";
import { autoMap, missingRequiredFields } from "./fields";
import { parseAmount, parseDate, prepareRow, splitFullName } from "./rows";

describe("decodeCsv", () => {
  it("reads UTF-8 with and without the BOM, and falls back to Shift-JIS", () => {
    const text = "会社名,金額\n株式会社さくら物産,100\n";
    expect(decodeCsv(new TextEncoder().encode(text))).toEqual({ text, encoding: "utf-8" });
    expect(decodeCsv(new TextEncoder().encode(`\uFEFF${text}`))).toEqual({ text, encoding: "utf-8-bom" });
    expect(decodeCsv(new Uint8Array(iconv.encode(text, "shift_jis")))).toEqual({ text, encoding: "shift_jis" });
    // Windows-31J's own characters (NEC specials such as ①) come through too.
    expect(decodeCsv(new Uint8Array(iconv.encode("①,㈱\n", "cp932"))).text).toBe("①,㈱\n");
  });
});

describe("parseCsv", () => {
  it("gives each record the line it starts on, with quoted commas, quotes and line breaks, skipping blank lines", () => {
    const { headers, records } = parseCsv('Name,Note\r\n"A, Inc.","one\r\ntwo ""2"""\r\n\r\nB,\r\n');
    expect(headers).toEqual(["Name", "Note"]);
    expect(records).toEqual([
      { line: 2, cells: ["A, Inc.", 'one\ntwo "2"'] },
      { line: 5, cells: ["B", ""] },
    ]);
  });
});

describe("autoMap", () => {
  it("matches English and Japanese headers, each field once", () => {
    expect(autoMap("deals", ["案件名", "会社名", "金額", "Stage", "Expected close date", "Unknown", "Company"])).toEqual([
      "name", "company", "amount", "stage", "expected_close_date", null, null,
    ]);
    expect(autoMap("contacts", ["氏名", "メールアドレス"])).toEqual(["full_name", "email"]);
    expect(missingRequiredFields("contacts", ["full_name", "email"])).toEqual([]);
    expect(missingRequiredFields("deals", ["amount"])).toEqual(["name"]);
  });
});

describe("rows", () => {
  it("reads amounts, dates and names as spreadsheets write them", () => {
    expect(parseAmount("¥1,200,000")).toBe(1200000);
    expect(parseAmount("1 200 000円")).toBe(1200000);
    expect(parseAmount("lots")).toBe("lots");
    expect(parseDate("2027/1/5")).toBe("2027-01-05");
    expect(parseDate("2027年1月5日")).toBe("2027-01-05");
    expect(splitFullName("鈴木 花子")).toEqual({ first_name: "花子", last_name: "鈴木" });
    expect(splitFullName("Jane Q Doe")).toEqual({ first_name: "Jane", last_name: "Q Doe" });
  });

  it("checks a row with the API's schema and names the import field at fault", () => {
    const ok = prepareRow("deals", ["A deal", "1,000", "JPY", "Acme"], ["name", "amount", "currency", "company"]);
    expect(ok).toMatchObject({ input: { name: "A deal", amount: 1000, currency: "JPY" }, refs: { company: "Acme" }, issues: [] });
    const bad = prepareRow("deals", ["", "-5", "XXX"], ["name", "amount", "currency"]);
    expect(bad.issues.map((i) => i.field).sort()).toEqual(["amount", "currency", "name"]);
  });
});

describe("listFormat", () => {
  it("answers CSV when text/csv is preferred, JSON otherwise, and 406 when neither is acceptable", () => {
    expect(listFormat(null)).toBe("json");
    expect(listFormat("text/csv")).toBe("csv");
    expect(listFormat("application/json, text/csv;q=0.5")).toBe("json");
    expect(listFormat("text/csv, application/json;q=0.5")).toBe("csv");
    expect(listFormat("*/*")).toBe("json");
    expect(() => listFormat("application/xml")).toThrow(/Accept/);
  });
});
