import { describe, expect, it } from "vitest";
import { chooseLocale, negotiateLocale } from "./config";

describe("negotiateLocale", () => {
  it("takes the best-quality range we speak, by its primary subtag", () => {
    expect(negotiateLocale("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ja");
    expect(negotiateLocale("en-GB,en;q=0.9,ja;q=0.8")).toBe("en");
    expect(negotiateLocale("fr-FR,fr;q=0.9,ja;q=0.5,en;q=0.4")).toBe("ja");
    expect(negotiateLocale("en;q=0.2, ja;q=0.8")).toBe("ja");
  });

  it("skips refused and unknown ranges, and reads * as the default", () => {
    expect(negotiateLocale("ja;q=0, en;q=0.1")).toBe("en");
    expect(negotiateLocale("de, fr")).toBeNull();
    expect(negotiateLocale("de, *;q=0.1")).toBe("en");
    expect(negotiateLocale("")).toBeNull();
    expect(negotiateLocale("  ;q=1, ja;q=abc")).toBeNull();
  });
});

describe("chooseLocale", () => {
  it("prefers the person's setting, then the browser's, then English", () => {
    expect(chooseLocale("ja", "en-US")).toBe("ja");
    expect(chooseLocale(null, "ja-JP")).toBe("ja");
    expect(chooseLocale("xx", "de")).toBe("en");
    expect(chooseLocale(undefined, undefined)).toBe("en");
  });
});
