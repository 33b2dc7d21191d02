import { describe, expect, it } from "vitest";
import { formatCompactMoney, formatCount, formatDate, formatMoney, formatRelative, formatShortDate } from "./format";

// What Intl writes for yen in each language (ja-JP: ￥, en-US: ¥), so the test follows the runtime's CLDR.
const yen = (locale: string) => new Intl.NumberFormat(locale, { style: "currency", currency: "JPY" }).formatToParts(1).find((p) => p.type === "currency")!.value;

describe("formatMoney", () => {
  it("writes yen without decimals, with the language's symbol", () => {
    expect(formatMoney(8250000, "JPY", "ja-JP")).toBe(`${yen("ja-JP")}8,250,000`);
    expect(formatMoney(8250000, "JPY", "en-US")).toBe("¥8,250,000");
  });
  it("drops cents from whole amounts and keeps them otherwise", () => {
    expect(formatMoney(5000, "USD", "en-US")).toBe("$5,000");
    expect(formatMoney(7000, "EUR", "en-US")).toBe("€7,000");
    expect(formatMoney(5300.5, "USD", "en-US")).toBe("$5,300.50");
    expect(formatMoney(5000, "USD", "ja-JP")).toBe("$5,000");
  });
  it("shows a dash for no amount", () => {
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatMoney(undefined, "JPY", "ja-JP")).toBe("—");
  });
});

describe("formatCompactMoney", () => {
  it("uses 万 and 億 in Japanese", () => {
    expect(formatCompactMoney(8250000, "JPY", "ja-JP")).toBe(`${yen("ja-JP")}825万`);
    expect(formatCompactMoney(182500000, "JPY", "ja-JP")).toBe(`${yen("ja-JP")}1.83億`);
    expect(formatCompactMoney(120000, "USD", "ja-JP")).toBe("$12万");
    expect(formatCompactMoney(95375000, "JPY", "ja-JP")).toBe(`${yen("ja-JP")}9540万`);
  });
  it("uses K and M in English", () => {
    expect(formatCompactMoney(8250000, "JPY", "en-US")).toBe("¥8.25M");
    expect(formatCompactMoney(182500, "USD", "en-US")).toBe("$183K");
    expect(formatCompactMoney(950, "EUR", "en-US")).toBe("€950");
  });
  it("writes amounts under ten thousand in full", () => {
    expect(formatCompactMoney(5000, "USD", "ja-JP")).toBe("$5,000");
    expect(formatCompactMoney(7000, "EUR", "en-US")).toBe("€7,000");
    expect(formatCompactMoney(9999.5, "USD", "en-US")).toBe("$9,999.50");
  });
});

describe("formatDate", () => {
  it("writes dates the language's way, without a timezone shift", () => {
    expect(formatDate("2027-01-15", "ja-JP")).toBe("2027年1月15日");
    expect(formatDate("2027-01-15", "en-US")).toBe("Jan 15, 2027");
    expect(formatDate("2027-01-15T23:30:00Z", "ja-JP")).toBe("2027年1月15日");
    expect(formatDate(null, "ja-JP")).toBe("—");
  });
  it("leaves out the year for dates of the current year", () => {
    expect(formatShortDate("2027-01-15", "ja-JP", "2027-03-01")).toBe("1月15日");
    expect(formatShortDate("2027-01-15", "en-US", "2027-03-01")).toBe("Jan 15");
    expect(formatShortDate("2028-01-15", "ja-JP", "2027-03-01")).toBe("2028年1月15日");
    expect(formatShortDate("2027-01-15", "en-US", null)).toBe("Jan 15, 2027");
  });
});

describe("formatCount", () => {
  it("groups digits", () => {
    expect(formatCount(12345, "ja-JP")).toBe("12,345");
    expect(formatCount(12345, "en-US")).toBe("12,345");
  });
});

describe("formatRelative", () => {
  const now = new Date("2027-01-15T12:00:00Z");
  it("speaks the language", () => {
    expect(formatRelative("2027-01-15T11:55:00Z", now, "ja-JP")).toBe("5 分前");
    expect(formatRelative("2027-01-15T11:55:00Z", now, "en-US")).toBe("5 minutes ago");
    expect(formatRelative("2027-01-14T12:00:00Z", now, "ja-JP")).toBe("昨日");
    expect(formatRelative("2027-01-17T12:00:00Z", now, "en-US")).toBe("in 2 days");
  });
  it("reads a just-saved change as now, even from a clock a little behind", () => {
    expect(formatRelative("2027-01-15T12:00:16Z", now, "en-US")).toBe("now");
    expect(formatRelative("2027-01-15T11:59:50Z", now, "ja-JP")).toBe("今");
    expect(formatRelative(now.getTime() + 90_000, now, "en-US")).toBe("now");
  });
});
