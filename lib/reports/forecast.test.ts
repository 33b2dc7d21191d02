import { describe, expect, it } from "vitest";
import { forecastSeries } from "./forecast";

const row = (bucket: string, currency: string, weighted: number, count = 1) => ({ bucket, currency, weighted, amount: weighted * 2, count });

describe("forecastSeries", () => {
  it("keeps one currency, puts overdue first and fills empty months from the current one", () => {
    const { points, undated } = forecastSeries(
      [row("overdue", "JPY", 500), row("2026-11", "JPY", 100), row("2027-01", "JPY", 300, 2), row("2026-12", "USD", 999), row("undated", "JPY", 0, 4)],
      "JPY",
      "2026-11-21",
    );
    expect(points.map((p) => p.key)).toEqual(["overdue", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"]);
    expect(points.map((p) => p.label)).toEqual(["Overdue", "Nov 2026", "Dec", "Jan 2027", "Feb", "Mar", "Apr"]);
    expect(points[0]).toMatchObject({ weighted: 500, amount: 1000, count: 1 });
    expect(points[2]).toMatchObject({ weighted: 0, amount: 0, count: 0 });
    expect(points[3]).toMatchObject({ weighted: 300, count: 2 });
    expect(undated).toBe(4);
  });

  it("extends past the minimum to the last month with deals, and omits overdue when there is none", () => {
    const { points } = forecastSeries([row("2027-09", "EUR", 10)], "EUR", "2026-11-02", 3);
    expect(points[0].key).toBe("2026-11");
    expect(points.at(-1)).toMatchObject({ key: "2027-09", weighted: 10 });
    expect(points).toHaveLength(11);
  });

  it("returns the empty minimum horizon for a currency without open deals", () => {
    const { points, undated } = forecastSeries([], "USD", "2026-12-31");
    expect(points.map((p) => p.key)).toEqual(["2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05"]);
    expect(points.every((p) => p.weighted === 0)).toBe(true);
    expect(undated).toBe(0);
  });
});
