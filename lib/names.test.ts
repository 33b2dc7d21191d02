import { describe, expect, it } from "vitest";
import { compareNames, initials, personName } from "./names";

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

describe("initials", () => {
  it("takes a Japanese name's family name, never a character of each part", () => {
    expect(initials("田中 太郎")).toBe("田中");
    expect(initials("田中　太郎")).toBe("田中");
    expect(initials("ヤマダ タロウ")).toBe("ヤマ");
    expect(initials("林 花子")).toBe("林");
    expect(initials("田中太郎")).toBe("田中");
  });
  it("never mixes a Latin letter with a Japanese character", () => {
    expect(initials("Yamada 田中")).toBe("田中");
    expect(initials("田中 Taro")).toBe("田中");
    expect(initials("田中(営業)")).toBe("田中");
  });
  it("takes the first letters of the first and last words of other names", () => {
    expect(initials("Emily Carter")).toBe("EC");
    expect(initials("ken de la cruz")).toBe("KC");
    expect(initials("Madonna")).toBe("MA");
    expect(initials("  ")).toBe("?");
    expect(initials(null)).toBe("?");
  });
});

describe("compareNames", () => {
  it("sorts Japanese kana in gojūon order", () => {
    expect(["わたなべ", "あべ", "かとう", "さとう"].sort(compareNames("ja-JP"))).toEqual(["あべ", "かとう", "さとう", "わたなべ"]);
  });
  it("ignores case and accents, and sorts numbers by value", () => {
    expect(["emily", "Ángela", "Bob"].sort(compareNames("en-US"))).toEqual(["Ángela", "Bob", "emily"]);
    expect(["Rep 10", "Rep 2"].sort(compareNames("en-US"))).toEqual(["Rep 2", "Rep 10"]);
    expect(compareNames("en-US")("ken", "Ken")).toBe(0);
  });
  it("puts missing names first without throwing", () => {
    expect([null, "A"].sort(compareNames("en-US"))).toEqual([null, "A"]);
  });
});
