import { describe, expect, it } from "vitest";
import { dealCreateSchema } from "./schema";
import { CURRENCY_CHOICES, CURRENCY_CODES, currencyOptions, DEFAULT_CURRENCY } from "./currency";

describe("currencies", () => {
  it("offers only codes the API accepts, the default first", () => {
    expect(CURRENCY_CHOICES[0]).toBe(DEFAULT_CURRENCY);
    for (const code of CURRENCY_CHOICES) {
      expect(CURRENCY_CODES.has(code)).toBe(true);
      expect(dealCreateSchema.safeParse({ name: "x", currency: code }).success).toBe(true);
    }
    expect(CURRENCY_CODES.has("XYZ")).toBe(false);
  });

  it("names the currencies in the user's language, or shows the codes", () => {
    const en = currencyOptions(null, "en-US");
    expect(en.map((o) => o.value)).toEqual([...CURRENCY_CHOICES]);
    expect(en[0]).toEqual({ value: "JPY", label: "JPY · Japanese Yen" });
    expect(currencyOptions(null, "ja-JP")[1].label).toBe("USD · 米ドル");
    expect(currencyOptions()[2]).toEqual({ value: "EUR", label: "EUR" });
  });

  it("always offers the deal's own currency", () => {
    expect(currencyOptions("BHD").at(-1)).toEqual({ value: "BHD", label: "BHD" });
    expect(currencyOptions("USD", "en-US").filter((o) => o.value === "USD")).toHaveLength(1);
  });
});
