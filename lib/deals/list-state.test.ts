import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_STATE, listCurrency, listStateToApiQuery, listStateToSearch, parseListState } from "./list-state";

const parse = (qs: string) => parseListState(new URLSearchParams(qs));

describe("deals list URL state", () => {
  it("reads defaults from an empty URL and writes them back as an empty query", () => {
    expect(parse("")).toEqual(DEFAULT_LIST_STATE);
    expect(listStateToSearch(DEFAULT_LIST_STATE)).toBe("");
  });

  it("round-trips every setting through the URL", () => {
    const state = {
      search: "さくら",
      pipeline: "pipe_01JDX3Z8Q4M2N5P7R9S1T3V5W7",
      stages: ["proposal", "negotiation"] as const,
      owner: "me",
      companyId: "comp_01JDX3Z8Q4M2N5P7R9S1T3V5W7",
      contactId: "",
      currency: "USD",
      sort: "amount" as const,
      order: "asc" as const,
      page: 3,
      size: 50 as const,
      trash: true,
    };
    const search = listStateToSearch({ ...state, stages: [...state.stages] });
    expect(parse(search.slice(1))).toEqual({ ...state, stages: [...state.stages] });
  });

  it("ignores invalid values instead of failing", () => {
    const s = parse("sort=drop_table&order=sideways&page=-2&size=7&stage=proposal,Bogus!,proposal&pipeline=sales");
    expect(s.sort).toBe("updated_at");
    expect(s.order).toBe("desc");
    expect(s.page).toBe(1);
    expect(s.size).toBe(25);
    expect(s.stages).toEqual(["proposal"]);
    expect(s.pipeline).toBe("");
  });

  it("defaults the order by sort when only a sort is given", () => {
    expect(parse("sort=name").order).toBe("asc");
    expect(parse("sort=amount").order).toBe("desc");
  });
});

describe("listStateToApiQuery", () => {
  it("maps page and size to limit/offset and filters to API names", () => {
    const q = listStateToApiQuery({ ...DEFAULT_LIST_STATE, page: 3, size: 50, search: " acme ", stages: ["lead", "qualification"], owner: "none", trash: true, sort: "name", order: "asc" });
    expect(Object.fromEntries(q)).toEqual({
      limit: "50",
      offset: "100",
      sort: "name",
      order: "asc",
      search: "acme",
      stage: "lead,qualification",
      assigned_member_id: "none",
      deleted: "true",
    });
  });
});

describe("currency", () => {
  it("sorts amounts within one currency: the chosen one, else the default", () => {
    expect(listCurrency(parse("sort=amount"))).toBe("JPY");
    expect(listStateToApiQuery(parse("sort=amount&order=asc")).get("currency")).toBe("JPY");
    expect(listStateToApiQuery(parse("sort=amount&currency=EUR")).get("currency")).toBe("EUR");
    expect(listStateToApiQuery(parse("sort=name")).get("currency")).toBeNull();
    expect(listStateToApiQuery(parse("currency=USD")).get("currency")).toBe("USD");
    expect(parse("currency=usd;drop").currency).toBe("");
  });
});
