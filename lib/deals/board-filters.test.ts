import { describe, expect, it } from "vitest";
import { boardApiParams, EMPTY_FILTERS, filtersFromSearchParams, filtersToSearchParams, hasActiveFilters } from "./board-filters";

const member = "usr_01JDX3Z8Q4M2N5P7R9S1T3V5W7";
const pipeline = "pipe_01JDX3Z8Q4M2N5P7R9S1T3V5W7";

describe("board filters in the URL", () => {
  it("round-trips through the URL", () => {
    const filters = { pipeline, q: "Acme renewal", owner: member, from: "2026-01-01", to: "2026-03-31" };
    const params = filtersToSearchParams(filters);
    expect(params.toString()).toBe(`pipeline=${pipeline}&q=Acme+renewal&owner=${member}&from=2026-01-01&to=2026-03-31`);
    expect(filtersFromSearchParams(params)).toEqual(filters);
    expect(filtersToSearchParams(EMPTY_FILTERS).toString()).toBe("");
  });

  it("drops values the API would refuse instead of breaking the board", () => {
    expect(filtersFromSearchParams(new URLSearchParams("pipeline=sales&owner=bob&from=yesterday&to=2026-13&q=%20x%20"))).toEqual({
      pipeline: "",
      q: "x",
      owner: "",
      from: "",
      to: "",
    });
    expect(filtersFromSearchParams({ owner: ["me", "none"], q: undefined })).toEqual({ ...EMPTY_FILTERS, owner: "none" });
    expect(filtersFromSearchParams(new URLSearchParams("from=2026-02-30&to=2026-02-28"))).toEqual({ ...EMPTY_FILTERS, to: "2026-02-28" });
    expect(filtersFromSearchParams(new URLSearchParams("from=2026-05-01&to=2026-04-01"))).toEqual({ ...EMPTY_FILTERS, from: "2026-04-01", to: "2026-05-01" });
  });

  it("translates to the board endpoint's parameters", () => {
    expect(boardApiParams({ pipeline: "", q: "x", owner: "me", from: "2026-01-01", to: "" }).toString()).toBe(
      "search=x&assigned_member_id=me&expected_close_from=2026-01-01",
    );
    expect(boardApiParams({ ...EMPTY_FILTERS, pipeline }).toString()).toBe(`pipeline_id=${pipeline}`);
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
    // The pipeline is what the board shows, not a filter: "Clear filters" keeps it.
    expect(hasActiveFilters({ ...EMPTY_FILTERS, pipeline })).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, to: "2026-01-01" })).toBe(true);
  });
});
