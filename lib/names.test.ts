import { describe, expect, it } from "vitest";
import { compareNames, initials, personName, splitPersonName } from "./names";

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

describe("splitPersonName", () => {
  it("reads a typed name back into first and last name in the order its language writes it", () => {
    expect(splitPersonName("Emily Carter")).toEqual({ first_name: "Emily", last_name: "Carter" });
    expect(splitPersonName("  Mary Ann  Smith ")).toEqual({ first_name: "Mary Ann", last_name: "Smith" });
    expect(splitPersonName("鈴木 花子")).toEqual({ first_name: "花子", last_name: "鈴木" });
    expect(splitPersonName("Müller")).toEqual({ first_name: "Müller", last_name: null });
    expect(splitPersonName("鈴木花子")).toEqual({ first_name: "鈴木花子", last_name: null });
    for (const typed of ["Emily Carter", "鈴木 花子"]) {
      const { first_name, last_name } = splitPersonName(typed);
      expect(personName(first_name, last_name)).toBe(typed);
    }
  });
});
