import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCompanies, insertContacts, insertDeals } from "@/db/factories";
import { getDb } from "@/lib/db";
import type { BoardData } from "@/lib/deals/board-math";
import type { DealListResponse } from "@/lib/deals/schema";
import { dealSearchCondition } from "@/lib/deals/search";
import { foldSearch } from "@/lib/records/search";
import { api, signUp, type TestUser } from "@/tests/support/http";

/**
 * Search folds text the same way in JavaScript (the query) and in the database (the stored
 * deal search text, and companies' and contacts' names): NFKC, then lower case.
 */

/** Every character of a code point range. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

describe("search folding", () => {
  it("the database's search_fold agrees with foldSearch on the issue's strings and whole scripts", async () => {
    const samples = [
      "ｃｏｎｔｏｓｏ",
      "ＣＯＮＴＯＳＯ",
      "ﾌｼﾞ",
      "ﾊﾟｲﾌﾟﾗｲﾝ",
      "株式会社",
      "㈱フジ",
      "重点顧客",
      "Globex Engineering",
      "KATRIN Müller",
      "ΟΔΟΣ ΣΟΦΙΑΣ",
      "İstanbul",
      "ＳＴＲＡẞＥ",
      "①②③ ㍻ ㌔",
      "Ｔｏｋｙｏ　東京",
      ...range(0x20, 0x24f),
      ...range(0x370, 0x3ff),
      ...range(0x400, 0x4ff),
      ...range(0x3000, 0x30ff),
      ...range(0x3200, 0x33ff),
      ...range(0xff01, 0xffee),
    ];
    const { rows } = await sql<{ folded: string }>`
      select search_fold(s) as folded from unnest(${samples}::text[]) with ordinality as u(s, i) order by i`.execute(getDb());
    const mismatches = samples.filter((s, i) => rows[i]!.folded !== foldSearch(s)).map((s) => `${s} → js ${foldSearch(s)}`);
    expect(mismatches).toEqual([]);
    expect(foldSearch("ｃｏｎｔｏｓｏ")).toBe("contoso");
    expect(foldSearch("ﾌｼﾞ")).toBe("フジ");
  });
});

describe("deals search", () => {
  let user: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    user = await signUp();
    const db = getDb();
    const [globex, contoso, fuji, plain] = await insertCompanies(db, user.tenantId, [
      { name: "Globex Engineering" },
      { name: "Contoso Ltd" },
      { name: "株式会社フジ精機" },
      { name: "Initech" },
    ]);
    const [katrin, yuki, hans] = await insertContacts(db, user.tenantId, [
      { first_name: "Katrin", last_name: "Meyer", company_id: globex!.id },
      { first_name: "由紀", last_name: "佐藤", company_id: fuji!.id },
      { first_name: "Hans", last_name: "Ｗｅｂｅｒ" },
    ]);
    const deals = await insertDeals(db, user.tenantId, [
      { name: "Turbine retrofit", company_id: globex!.id, contact_id: katrin!.id },
      { name: "Cloud migration", company_id: contoso!.id },
      { name: "精密部品 年間契約", company_id: fuji!.id, contact_id: yuki!.id, tags: ["重点顧客"] },
      { name: "Printer fleet", company_id: plain!.id, contact_ids: [hans!.id] },
      { name: "東京 オフィス移転" },
    ]);
    for (const [key, deal] of ["globex", "contoso", "fuji", "initech", "tokyo"].map((k, i) => [k, deals[i]!] as const)) ids[key] = deal.id;
    ids.globexCompany = globex!.id;
    ids.hans = hans!.id;
  });

  const found = async (search: string, extra = ""): Promise<string[]> => {
    const res = await api.get(`/api/v1/crm/deals?search=${encodeURIComponent(search)}${extra}`, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    const page = (await res.json()) as DealListResponse;
    expect(page.total, search).toBe(page.items.length);
    return page.items.map((d) => d.id).sort();
  };
  const onBoard = async (search: string): Promise<string[]> => {
    const res = await api.get(`/api/v1/crm/board?search=${encodeURIComponent(search)}`, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    const board = (await res.json()) as BoardData;
    return board.columns.flatMap((c) => c.items.map((d) => d.id)).sort();
  };

  it("finds deals by company, contact, tag and number, whatever the case and width, on the list and the board", async () => {
    const cases: Array<[string, string[]]> = [
      ["Globex Engineering", [ids.globex!]],
      ["globex engineering", [ids.globex!]],
      ["Katrin", [ids.globex!]],
      ["ｃｏｎｔｏｓｏ", [ids.contoso!]],
      ["CONTOSO", [ids.contoso!]],
      ["ﾌｼﾞ", [ids.fuji!]],
      ["株式会社", [ids.fuji!]],
      ["重点顧客", [ids.fuji!]],
      ["佐藤", [ids.fuji!]],
      ["weber", [ids.initech!]],
      ["東京", [ids.tokyo!]],
      ["東", [ids.tokyo!]],
      ["Turbine", [ids.globex!]],
      ["no such thing", []],
    ];
    for (const [query, expected] of cases) {
      expect(await found(query), query).toEqual([...expected].sort());
      expect(await onBoard(query), query).toEqual([...expected].sort());
    }
    // The deal number (as the API answers it) finds its deal, in full-width digits too.
    const res = await api.get(`/api/v1/crm/deals/${ids.tokyo}`, { token: user.token });
    const { deal } = await res.json();
    const fullWidth = String(deal.deal_number).replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await found(fullWidth)).toEqual([ids.tokyo]);
  });

  it("renaming a company or a contact refreshes the search text of its deals", async () => {
    let res = await api.patch(`/api/v1/crm/companies/${ids.globexCompany}`, { name: "Umbrella Works" }, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await found("umbrella")).toEqual([ids.globex]);
    expect(await found("Globex")).toEqual([]);

    // A contact listed among the deal's contacts but not as its primary one.
    res = await api.patch(`/api/v1/crm/contacts/${ids.hans}`, { last_name: "Schröder" }, { token: user.token });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await found("SCHRÖDER")).toEqual([ids.initech]);
    expect(await found("weber")).toEqual([]);
  });

  it("a search in the trash and with other filters keeps the folding", async () => {
    expect(await found("ﾌｼﾞ", "&deleted=true")).toEqual([]);
    expect(await found("ﾌｼﾞ", `&company_id=${ids.globexCompany}`)).toEqual([]);
    expect(await found("50%")).toEqual([]);
  });
});

describe("companies and contacts search", () => {
  it("folds case and width like the deals search", async () => {
    const user = await signUp();
    await insertCompanies(getDb(), user.tenantId, [{ name: "Contoso Ltd" }, { name: "ﾌｼﾞ商事" }, { name: "Globex" }]);
    await insertContacts(getDb(), user.tenantId, [{ first_name: "Katrin", last_name: "Meyer" }, { first_name: "ケン", last_name: "Tanaka" }]);
    const names = async (path: string, search: string) => {
      const res = await api.get(`/api/v1/crm/${path}?search=${encodeURIComponent(search)}`, { token: user.token });
      expect(res.status, await res.clone().text()).toBe(200);
      const body = await res.json();
      expect(body.total).toBe(body.items.length);
      return body.items.map((r: { name?: string; first_name?: string }) => r.name ?? r.first_name);
    };
    expect(await names("companies", "ｃｏｎｔｏｓｏ")).toEqual(["Contoso Ltd"]);
    expect(await names("companies", "フジ")).toEqual(["ﾌｼﾞ商事"]);
    expect(await names("contacts", "KATRIN")).toEqual(["Katrin"]);
    expect(await names("contacts", "ｹﾝ")).toEqual(["ケン"]);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("search at size (PostgreSQL)", () => {
  it("a search of three characters or more reads the trigram index, for the page and its count", async () => {
    const user = await signUp();
    const db = getDb();
    const companies = await insertCompanies(
      db,
      user.tenantId,
      Array.from({ length: 400 }, (_, i) => ({ name: i % 2 ? `株式会社${["山田", "佐藤", "鈴木", "高橋"][i % 4]}製作所 ${i}` : `Company ${i} Holdings` })),
    );
    for (let i = 0; i < 10_000; i += 500) {
      await insertDeals(
        db,
        user.tenantId,
        Array.from({ length: 500 }, (_, j) => ({ name: `Deal ${i + j}`, company_id: companies[(i + j) % companies.length]!.id, tags: (i + j) % 50 ? [] : ["重点顧客"] })),
      );
    }
    await sql`analyze deals`.execute(db);
    // The list's own condition (lib/deals/search.ts), for its count and its first page.
    const plan = async (query: string, count: boolean) =>
      (
        await sql<{ "QUERY PLAN": string }>`explain ${sql.raw(count ? "select count(*)" : "select d.id")} from deals d
           where d.tenant_id = ${user.tenantId} and not d.is_deleted and ${dealSearchCondition(query, user.tenantId)}
           ${sql.raw(count ? "" : "order by d.created_at desc, d.id desc limit 51")}`.execute(db)
      ).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
    for (const query of ["Company 123 Holdings", "重点顧客", "佐藤製作所 13"]) {
      expect(await plan(query, true), query).toContain("deals_search_trgm_idx");
      expect(await plan(query, false), query).toContain("deals_search_trgm_idx");
    }
    // One or two characters have no trigram to look up: still answered, by filtering the rows.
    const short = await sql<{ n: number }>`select count(*)::int as n from deals d
       where d.tenant_id = ${user.tenantId} and not d.is_deleted and ${dealSearchCondition("佐藤", user.tenantId)}`.execute(db);
    expect(short.rows[0]!.n).toBe(2_500);
  });
});
