import { describe, expect, it } from "vitest";
import { DEFAULT_RECORD_LIST_STATE, parseRecordListState, recordListStateToApiQuery, recordListStateToSearch } from "./list-state";

const parse = (query: string) => parseRecordListState(new URLSearchParams(query));

describe("records list state", () => {
  it("reads defaults from a plain URL and writes them back as nothing", () => {
    expect(parse("")).toEqual(DEFAULT_RECORD_LIST_STATE);
    expect(recordListStateToSearch(DEFAULT_RECORD_LIST_STATE)).toBe("");
  });

  it("round-trips search, sort, order, page, size and the trash", () => {
    const state = parse("view=trash&q=sakura&sort=updated_at&order=asc&page=3&size=50");
    expect(state).toEqual({ search: "sakura", sort: "updated_at", order: "asc", page: 3, size: 50, trash: true });
    expect(parse(recordListStateToSearch(state).slice(1))).toEqual(state);
  });

  it("ignores what it does not know and orders a new sort as people expect", () => {
    expect(parse("sort=amount&order=sideways&page=-2&size=7")).toEqual(DEFAULT_RECORD_LIST_STATE);
    expect(parse("sort=created_at").order).toBe("desc");
    expect(parse(`q=${"x".repeat(300)}`).search).toHaveLength(200);
  });

  it("asks the API for the page, the search and the trash", () => {
    expect(recordListStateToApiQuery({ ...DEFAULT_RECORD_LIST_STATE, page: 2, search: " kk ", trash: true })).toEqual({
      limit: "25",
      offset: "25",
      sort: "name",
      order: "asc",
      search: "kk",
      deleted: "true",
    });
  });
});
