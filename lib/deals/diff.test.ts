import { describe, expect, it } from "vitest";
import { changedFields, rebaseEdit, summarizeConflict, valuesEqual } from "./diff";

describe("valuesEqual", () => {
  it("compares primitives, treating null and undefined as the same empty value", () => {
    expect(valuesEqual(1, 1)).toBe(true);
    expect(valuesEqual(1, 2)).toBe(false);
    expect(valuesEqual(null, undefined)).toBe(true);
    expect(valuesEqual(null, 0)).toBe(false);
    expect(valuesEqual("", null)).toBe(false);
  });

  it("compares arrays in order and objects regardless of key order", () => {
    expect(valuesEqual(["a", "b"], ["a", "b"])).toBe(true);
    expect(valuesEqual(["a", "b"], ["b", "a"])).toBe(false);
    expect(valuesEqual(["a"], ["a", "b"])).toBe(false);
    expect(valuesEqual({ x: 1, y: [2] }, { y: [2], x: 1 })).toBe(true);
    expect(valuesEqual({ x: 1 }, { x: 1, y: null })).toBe(true);
    expect(valuesEqual({ x: 1 }, { x: 2 })).toBe(false);
    expect(valuesEqual([], {})).toBe(false);
  });
});

describe("changedFields", () => {
  const before = { name: "ACME renewal", amount: 1000, tags: ["a"], custom_fields: { region: "Kanto" }, note: null };

  it("returns only the fields whose value changed", () => {
    const next = { name: "ACME renewal", amount: 2500, tags: ["a"], custom_fields: { region: "Kansai" }, note: null };
    expect(changedFields(before, next)).toEqual({ amount: 2500, custom_fields: { region: "Kansai" } });
  });

  it("returns an empty object when nothing changed", () => {
    expect(changedFields(before, { ...before, tags: ["a"] })).toEqual({});
  });

  it("reports a value cleared to null and a field added to an array", () => {
    expect(changedFields({ amount: 5, tags: [] }, { amount: null, tags: ["vip"] })).toEqual({ amount: null, tags: ["vip"] });
  });

  it("ignores keys that the next values do not hold", () => {
    expect(changedFields({ amount: 5, stage: "lead" }, { amount: 5 })).toEqual({});
  });
});

describe("summarizeConflict", () => {
  const fields = ["name", "amount", "stage", "expected_close_date"];
  const base = { name: "Deal", amount: 100, stage: "lead", expected_close_date: "2026-12-01", version: 3 };

  it("marks a field both editors changed differently as a clash and lists their other changes", () => {
    const theirs = { ...base, amount: 300, stage: "proposal", version: 4 };
    const summary = summarizeConflict(base, theirs, { amount: 200 }, fields);
    expect(summary.mine).toEqual([{ field: "amount", base: 100, theirs: 300, yours: 200, clash: true }]);
    expect(summary.theirsOnly).toEqual([{ field: "stage", base: "lead", theirs: "proposal" }]);
  });

  it("does not call it a clash when they did not touch my field, or set the same value", () => {
    const theirs = { ...base, name: "Renamed", amount: 200 };
    const summary = summarizeConflict(base, theirs, { amount: 200, expected_close_date: "2027-01-15" }, fields);
    expect(summary.mine.map((m) => [m.field, m.clash])).toEqual([
      ["amount", false],
      ["expected_close_date", false],
    ]);
    expect(summary.theirsOnly).toEqual([{ field: "name", base: "Deal", theirs: "Renamed" }]);
  });
});

describe("rebaseEdit", () => {
  const base = { version: 1, amount: 100, probability: 10, tags: ["a"] };

  it("keeps the opened deal when nothing newer is known", () => {
    expect(rebaseEdit(base, base, { probability: 35 })).toBe(base);
    expect(rebaseEdit(base, { ...base, version: 1, amount: 999 }, { probability: 35 })).toBe(base);
  });

  it("moves to the newer deal when only other fields changed in between", () => {
    const latest = { ...base, version: 2, amount: 250 };
    expect(rebaseEdit(base, latest, { probability: 35 })).toBe(latest);
    expect(rebaseEdit(base, { ...latest, tags: ["a"] }, { tags: ["a", "b"], probability: 35 }).version).toBe(2);
  });

  it("keeps the opened deal, so the server answers 409, when a saved field changed in between", () => {
    expect(rebaseEdit(base, { ...base, version: 2, probability: 60 }, { probability: 35 })).toBe(base);
    expect(rebaseEdit(base, { ...base, version: 3, tags: ["a", "z"] }, { amount: 5, tags: ["b"] })).toBe(base);
  });
});
