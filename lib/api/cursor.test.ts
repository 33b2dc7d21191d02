import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { canonicalJson, decodeCursor, encodeCursor, fingerprint } from "./cursor";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : "other";
  }
  return undefined;
};

describe("canonicalJson and fingerprint", () => {
  it("ignores key order and undefined values, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
    expect(fingerprint({ sort: "name", order: "asc" })).toBe(fingerprint({ order: "asc", sort: "name", tag: undefined }));
    expect(fingerprint({ sort: "name", order: "asc" })).not.toBe(fingerprint({ sort: "name", order: "desc" }));
  });
});

describe("cursors", () => {
  const fp = fingerprint({ sort: "amount" });

  it("round-trips position, id and offset, including long non-ASCII values", () => {
    const position = { value: "見積".repeat(100), id: "deal_01JDX3Z8Q4M2N5P7R9S1T3V5W7", offset: 150 };
    const cursor = encodeCursor(position, fp);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, fp)).toEqual(position);
  });

  it("refuses a cursor made for another fingerprint", () => {
    const cursor = encodeCursor({ value: "1", id: "x", offset: 1 }, fp);
    expect(codeOf(() => decodeCursor(cursor, fingerprint({ sort: "name" })))).toBe("400 invalid_cursor");
  });

  it("refuses garbage, wrong shapes and values the sort cannot take", () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const cursor of ["%%%", "bm90IGpzb24", b64([1]), b64({ v: 1, i: "x", o: 0, f: fp }), b64({ v: "1", i: "x", o: -1, f: fp }), b64({ v: "1", i: "x", o: 0, f: fp, extra: 1 })]) {
      expect(codeOf(() => decodeCursor(cursor, fp)), cursor).toBe("400 invalid_cursor");
    }
    const cursor = encodeCursor({ value: "abc", id: "x", offset: 0 }, fp);
    expect(codeOf(() => decodeCursor(cursor, fp, (v) => /^\d+$/.test(v)))).toBe("400 invalid_cursor");
  });
});
