import { describe, expect, it } from "vitest";
import { personName } from "./names";

describe("personName", () => {
  it("writes Japanese names family name first", () => {
    expect(personName("花子", "鈴木")).toBe("鈴木 花子");
    expect(personName("タロウ", "ヤマダ")).toBe("ヤマダ タロウ");
  });
  it("writes other names given name first", () => {
    expect(personName("Emily", "Carter")).toBe("Emily Carter");
  });
  it("copes with missing parts", () => {
    expect(personName("Emily", null)).toBe("Emily");
    expect(personName(null, "鈴木")).toBe("鈴木");
    expect(personName(" ", "")).toBe("");
  });
});
