import "server-only";
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { Database } from "@/db/tables";
import { executePrepared } from "@/lib/db-prepared";

/**
 * Hot statements whose text never depends on their inputs (a deal by id, the caller by token),
 * built and compiled by Kysely once per database instead of on every request.
 *
 * Building and compiling the get-one-deal statement (the caller lookup beside the deal and its
 * joins, about 60 query nodes) cost about 54 µs per request, and Kysely was 7% of the server's
 * CPU during the `get` benchmark (docs/benchmarks.md#statements-compiled-once). A fixed statement is built
 * once with a placeholder for each argument; each call copies the compiled parameters with the
 * placeholders replaced by the arguments.
 *
 * The build function must use its arguments only as values (`where("d.id", "=", id)`), never to
 * decide the statement's shape, never transformed (`%${term}%`) and never inlined (`sql.lit`).
 * The first compile checks the last two: every placeholder must come back as a parameter of its
 * own and appear nowhere else. Arguments are strings, so a placeholder cannot collide with a
 * constant parameter of another type. Fixed statements always run as named prepared statements
 * (lib/db-prepared.ts), so the same rule applies as there: only for statements whose plan does
 * not depend on the values.
 *
 * The compiled statement is kept per Kysely instance. A transaction is an instance of its own, so
 * inside one the statement is built again on every call: it still works, it just saves nothing.
 */

type Build<A extends string[], R> = (db: Kysely<Database>, ...args: A) => Compilable<R>;

interface Template<R> {
  compiled: CompiledQuery<R>;
  /** For each parameter, the index of the argument it takes, or -1 for a constant. */
  slots: number[];
}

const PLACEHOLDER_PREFIX = "\u0000fixed-statement-argument-";
const placeholder = (i: number) => `${PLACEHOLDER_PREFIX}${i}\u0000`;

function compileTemplate<A extends string[], R>(db: Kysely<Database>, build: Build<A, R>, arity: number): Template<R> {
  const placeholders = Array.from({ length: arity }, (_, i) => placeholder(i));
  const compiled = build(db, ...(placeholders as A)).compile();
  if (compiled.sql.includes(PLACEHOLDER_PREFIX)) throw new Error("A fixed statement must pass its arguments as parameters, not inline them into the SQL.");
  const slots = compiled.parameters.map((value) => {
    if (typeof value !== "string" || !value.includes(PLACEHOLDER_PREFIX)) return -1;
    const index = placeholders.indexOf(value);
    if (index === -1) throw new Error("A fixed statement must pass its arguments to parameters unchanged.");
    return index;
  });
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`A fixed statement's argument ${i} is not one of its parameters.`);
  }
  return { compiled, slots };
}

export interface FixedStatement<A extends string[], R> {
  /** The compiled statement for these arguments (built and compiled on the first call per database). */
  compile(db: Kysely<Database>, ...args: A): CompiledQuery<R>;
  /** Runs it as a named prepared statement. */
  execute(db: Kysely<Database>, ...args: A): Promise<R[]>;
}

export function fixedStatement<A extends string[], R>(build: Build<A, R>): FixedStatement<A, R> {
  const templates = new WeakMap<Kysely<Database>, Template<R>>();
  const compile = (db: Kysely<Database>, ...args: A): CompiledQuery<R> => {
    let template = templates.get(db);
    if (!template) {
      template = compileTemplate(db, build, args.length);
      templates.set(db, template);
    }
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((value, i) => (slots[i] === -1 ? value : args[slots[i]]));
    return { ...compiled, parameters };
  };
  return { compile, execute: (db, ...args) => executePrepared(db, compile(db, ...args)) };
}

/**
 * A statement whose text depends on the shape of its values (which keys an object has, in which
 * order, and how long an array is) but never on the values themselves: compiled once per shape
 * and database, then each call only copies the compiled parameters with its own values in place.
 * A stage move's write is one (lib/deals/service.ts): a handful of shapes, one per kind of stage
 * change, and building and compiling it was most of Kysely's share of a move (docs/benchmarks.md#statements-compiled-once).
 *
 * The values are plain objects and arrays down to their leaves (strings, numbers, booleans,
 * null, Dates); `undefined` counts as absent. The build function may let the shape decide the
 * statement (`values.audit !== undefined ? … : …`, one insert per array item) but must pass
 * every leaf through unchanged as a parameter of its own, as `fixedStatement`'s arguments: the
 * first compile of each shape checks that, so a leaf that decides the text or is transformed
 * fails loudly there. A value meant as one array parameter (a `text[]` column) does not fit.
 */
export interface ShapedStatement<V, R> {
  compile(db: Kysely<Database>, values: V): CompiledQuery<R>;
}

/** Shapes remembered per database; a safety net, since the shapes a caller makes are few by design. */
const MAX_SHAPES = 256;

export function shapedStatement<V extends object, R>(build: (db: Kysely<Database>, values: V) => Compilable<R>): ShapedStatement<V, R> {
  const templates = new WeakMap<Kysely<Database>, Map<string, Template<R>>>();
  return {
    compile(db, values) {
      const leaves: unknown[] = [];
      const shape = shapeOf(values, leaves);
      let byShape = templates.get(db);
      if (!byShape) templates.set(db, (byShape = new Map()));
      let template = byShape.get(shape);
      if (!template) {
        let i = 0;
        const standIn = substitute(values, () => placeholder(i++)) as V;
        template = compileTemplate(db, (d) => build(d, standIn), leaves.length);
        if (byShape.size >= MAX_SHAPES) byShape.clear();
        byShape.set(shape, template);
      }
      const { compiled, slots } = template;
      return { ...compiled, parameters: compiled.parameters.map((value, i) => (slots[i] === -1 ? value : leaves[slots[i]])) };
    },
  };
}

const isBranch = (value: unknown): value is object =>
  Array.isArray(value) || (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype);

/** The shape of `value` as a string, collecting its leaves in the order `substitute` visits them. */
function shapeOf(value: unknown, leaves: unknown[]): string {
  if (Array.isArray(value)) return `[${value.map((item) => shapeOf(item, leaves)).join(",")}]`;
  if (isBranch(value)) {
    let out = "{";
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out += `${JSON.stringify(key)}:${shapeOf(item, leaves)},`;
    return `${out}}`;
  }
  leaves.push(value);
  return "_";
}

/** `value` with each leaf replaced by `leaf()`, visited in `shapeOf`'s order. */
function substitute(value: unknown, leaf: () => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, leaf));
  if (isBranch(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = substitute(item, leaf);
    return out;
  }
  return leaf();
}
