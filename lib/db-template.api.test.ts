import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/tables";
import { getDb } from "@/lib/db";
import { fixedStatement, shapedStatement } from "@/lib/db-template";
import { signUp } from "@/tests/support/http";

/** Organizations by id or name with their members: joins, a constant parameter and two arguments. */
const build = (db: Kysely<Database>, id: string, name: string) =>
  db
    .selectFrom("organization as o")
    .leftJoin("member as m", "m.organizationId", "o.id")
    .select(["o.id", "o.name", "m.role"])
    .where((eb) => eb.or([eb("o.id", "=", id), eb("o.name", "=", name)]))
    .where("o.name", "<>", "never-a-name")
    .orderBy("o.id");

describe("fixedStatement", () => {
  it("compiles what building the statement compiles, with each call's arguments", () => {
    const db = getDb();
    const fixed = fixedStatement(build);
    for (const [id, name] of [
      ["org_a", "Alpha"],
      ["org_b", "it's \u0000 odd"],
      ["", ""],
    ]) {
      const expected = build(db, id, name).compile();
      const compiled = fixed.compile(db, id, name);
      expect(compiled.sql).toBe(expected.sql);
      expect(compiled.parameters).toEqual(expected.parameters);
    }
  });

  it("answers what the built statement answers, and builds it once per database", async () => {
    const a = await signUp({ name: "Fixed A" });
    const b = await signUp({ name: "Fixed B" });
    const db = getDb();
    const { name: bName } = await db.selectFrom("organization").select("name").where("id", "=", b.tenantId).executeTakeFirstOrThrow();
    let builds = 0;
    const fixed = fixedStatement((db: Kysely<Database>, id: string, name: string) => {
      builds++;
      return build(db, id, name);
    });
    for (const [id, name] of [
      [a.tenantId, "nobody"],
      ["org_missing", bName],
      [a.tenantId, bName],
      ["org_missing", "nobody"],
    ]) {
      const rows = await fixed.execute(db, id, name);
      expect(rows).toEqual(await build(db, id, name).execute());
    }
    expect(await fixed.execute(db, a.tenantId, "nobody")).toEqual([expect.objectContaining({ id: a.tenantId, role: expect.any(String) })]);
    expect(builds).toBe(1);
  });

  it("refuses a statement that does not pass an argument through as a parameter", () => {
    const db = getDb();
    const byId = (id: unknown) => db.selectFrom("organization").select("id").where("id", "=", id as string);
    // Inlined into the text: every call would get the first call's value.
    expect(() => fixedStatement((db, id: string) => db.selectFrom("organization").select("id").where("id", "=", sql.lit(id))).compile(db, "x")).toThrow(
      /not inline/,
    );
    // Transformed: the parameter is not the argument.
    expect(() => fixedStatement((_db, term: string) => byId(`%${term}%`)).compile(db, "x")).toThrow(/unchanged/);
    // Unused (e.g. only deciding the shape).
    expect(() => fixedStatement((_db, id: string) => (id ? byId("constant") : byId("other"))).compile(db, "x")).toThrow(/argument 0/);
  });
});

/** An update whose columns, extra SET item and number of appended rows follow the values' shape. */
interface Write {
  id: string;
  set: Record<string, unknown>;
  note?: string;
  extra: { at: Date; by: string | null }[];
}
const buildWrite = (db: Kysely<Database>, v: Write) =>
  db
    .with("o", (q) =>
      q
        .updateTable("organization")
        .set({ ...(v.set as { name?: string; slug?: string }), ...(v.note !== undefined ? { metadata: sql<string>`coalesce(metadata, '') || ${v.note}` } : {}) })
        .where("id", "=", v.id)
        .returningAll(),
    )
    .selectFrom("o")
    .select(["o.id", "o.name"])
    .select(v.extra.length ? sql<string>`${sql.join(v.extra.map((e) => sql`${e.at}::timestamptz::text || ${e.by}::text`), sql` || `)}`.as("x") : sql<string>`null`.as("x"));

describe("shapedStatement", () => {
  it("compiles what building the statement compiles, for each shape and each call's values, building each shape once", () => {
    const db = getDb();
    let builds = 0;
    const shaped = shapedStatement((d: Kysely<Database>, v: Write) => {
      builds++;
      return buildWrite(d, v);
    });
    const at = new Date("2026-11-22T01:02:03.004Z");
    const cases: Write[] = [
      { id: "org_a", set: { name: "A" }, extra: [] },
      { id: "org_b", set: { name: "it's \u0000 odd" }, extra: [] },
      { id: "org_c", set: { name: "C", slug: "c" }, note: "n", extra: [{ at, by: "usr_1" }] },
      { id: "org_d", set: { name: "D", slug: null }, note: "", extra: [{ at, by: null }] },
      { id: "org_e", set: { name: "E", slug: "e" }, extra: [{ at, by: "u" }, { at: new Date(0), by: "v" }] },
      // `undefined` is absent: the same shape as the first case.
      { id: "org_f", set: { name: "F", slug: undefined }, note: undefined, extra: [] },
      // The same shape as the third case with other values, and key order is part of the shape.
      { id: "org_g", set: { name: "G", slug: "g" }, note: "m", extra: [{ at: new Date(1), by: "w" }] },
      { id: "org_h", set: { slug: "h", name: "H" }, extra: [] },
    ];
    for (const values of cases) {
      const expected = buildWrite(db, values).compile();
      const compiled = shaped.compile(db, values);
      expect(compiled.sql).toBe(expected.sql);
      expect(compiled.parameters).toEqual(expected.parameters);
    }
    // Four shapes: {name}; {name,slug} with a note and one item (null leaves too); {name,slug} with two items; {slug,name}.
    expect(builds).toBe(4);
  });

  it("answers what the built statement answers", async () => {
    const user = await signUp({ name: "Shaped" });
    const db = getDb();
    const at = new Date("2026-11-22T01:02:03.004Z");
    const shaped = shapedStatement(buildWrite);
    const values: Write = { id: user.tenantId, set: { name: "Shaped renamed" }, note: "x", extra: [{ at, by: "usr_x" }] };
    const { rows } = await db.executeQuery(shaped.compile(db, values));
    const { rows: [{ t }] } = await sql<{ t: string }>`select ${at}::timestamptz::text as t`.execute(db);
    expect(rows).toEqual([{ id: user.tenantId, name: "Shaped renamed", x: `${t}usr_x` }]);
    expect(await db.selectFrom("organization").select("name").where("id", "=", user.tenantId).executeTakeFirstOrThrow()).toEqual({ name: "Shaped renamed" });
  });

  it("refuses a build that lets a value decide the text, transforms it or takes an array as one parameter", () => {
    const db = getDb();
    const byName = (name: unknown) => db.selectFrom("organization").select("id").where("name", "=", name as string);
    expect(() => shapedStatement((_d, v: { name: string }) => byName(v.name ? "constant" : "other")).compile(db, { name: "x" })).toThrow(/argument 0/);
    expect(() => shapedStatement((_d, v: { name: string }) => byName(`%${v.name}%`)).compile(db, { name: "x" })).toThrow(/unchanged/);
    expect(() => shapedStatement((_d, v: { ids: string[] }) => db.selectFrom("organization").select("id").where("id", "=", sql<string>`any(${v.ids})`)).compile(db, { ids: ["a", "b"] })).toThrow(/argument 0/);
  });
});
