import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "@/db/tables";
import { getDb } from "@/lib/db";
import { fixedStatement } from "@/lib/db-template";
import { signUp } from "@/lib/testing/http";

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
