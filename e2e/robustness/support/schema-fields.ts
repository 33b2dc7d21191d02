import { z } from "zod";
import type { ApiConfig } from "@/lib/api/handler";
import { API_CONFIG } from "@/lib/api/handler";

/**
 * What a route's handler parses, read off the handler itself (`withApi` keeps its config on the
 * function it returns), and the fields of each schema as JSON Schema: the generated corpus
 * (classes.test.ts) derives its cases from these, so a new field or endpoint is covered without
 * being listed anywhere.
 */

type JsonSchema = Record<string, unknown>;

export function configOf(handler: unknown): ApiConfig<unknown, unknown, unknown> | undefined {
  return (handler as { [API_CONFIG]?: ApiConfig<unknown, unknown, unknown> } | undefined)?.[API_CONFIG];
}

export interface SchemaField {
  name: string;
  /** JSON types the field takes (`string`, `integer`, `number`, `boolean`, `array`, `object`, `null`). */
  types: Set<string>;
  /** For arrays: the item types; for objects (records): the value types. */
  inner: Set<string>;
  format?: string;
  minimum?: number;
  maximum?: number;
  /** Enumerated values, when the field is one of a fixed set. */
  values?: unknown[];
  required: boolean;
}

/** Every alternative of a (possibly anyOf/oneOf) schema, flattened. */
function alternatives(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  const nested = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (nested) return nested.flatMap(alternatives);
  return [schema];
}

function typesOf(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  for (const alt of alternatives(schema)) {
    const t = alt.type;
    if (Array.isArray(t)) t.forEach((x) => out.add(String(x)));
    else if (typeof t === "string") out.add(t);
    else if (alt.const !== undefined) out.add(typeof alt.const === "string" ? "string" : typeof alt.const);
    else if (alt.enum) (alt.enum as unknown[]).forEach((v) => out.add(v === null ? "null" : typeof v === "string" ? "string" : "number"));
  }
  return out;
}

/** The fields of an object schema (a body or a query), as the client sends them. */
export function fieldsOf(schema: z.ZodType): SchemaField[] {
  const raw = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  const defs = (raw.$defs as Record<string, JsonSchema>) ?? {};
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    const ref = s?.$ref as string | undefined;
    return ref ? resolve(defs[ref.split("/").pop()!]) : s;
  };
  const object = resolve(raw)!;
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties as Record<string, JsonSchema>) ?? {}).map(([name, prop]) => {
    const alts = alternatives(resolve(prop)).map((a) => resolve(a)!);
    const types = typesOf({ anyOf: alts });
    const inner = new Set<string>();
    let format: string | undefined;
    let minimum: number | undefined;
    let maximum: number | undefined;
    let values: unknown[] | undefined;
    for (const alt of alts) {
      if (alt.type === "array") typesOf(resolve(alt.items as JsonSchema)).forEach((t) => inner.add(t));
      if (alt.type === "object" && alt.additionalProperties) typesOf(resolve(alt.additionalProperties as JsonSchema)).forEach((t) => inner.add(t));
      format ??= alt.format as string | undefined;
      if (typeof alt.minimum === "number") minimum = alt.minimum;
      if (typeof alt.maximum === "number" && alt.maximum < Number.MAX_SAFE_INTEGER) maximum = alt.maximum;
      if (alt.enum) values = [...(values ?? []), ...(alt.enum as unknown[])];
      if (alt.const !== undefined) values = [...(values ?? []), alt.const];
    }
    return { name, types, inner, format, minimum, maximum, values, required: required.has(name) };
  });
}

/** A value the field takes, for a query parameter (duplicates are sent with it). */
export function sampleQueryValue(field: SchemaField): string {
  if (field.values?.length) return String(field.values.find((v) => v !== null) ?? field.values[0]);
  if (field.format === "date") return "2026-01-01";
  if (field.types.has("integer") || field.types.has("number")) return "1";
  return "x";
}
