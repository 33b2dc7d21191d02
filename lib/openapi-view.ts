import type { OpenApiDocument } from "./openapi";

/**
 * Pure helpers that turn the OpenAPI document into what the API reference page shows: endpoints
 * grouped by tag, parameters and schema fields as table rows with readable types, and a curl
 * example per endpoint. No JSX here; the page renders these.
 */

type Schema = Record<string, unknown>;

export interface FieldRow {
  /** Dotted for nested fields, e.g. `user.email`. */
  name: string;
  depth: number;
  type: string;
  /** The component a type refers to (for a link), e.g. `Deal`. */
  refName?: string;
  required: boolean;
  description?: string;
  constraints: string[];
}

export interface ParameterRow {
  name: string;
  in: string;
  type: string;
  required: boolean;
  description?: string;
  constraints: string[];
}

interface ResponseView {
  status: string;
  description: string;
  contentType?: string;
  schemaName?: string;
}

export interface EndpointView {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  isPublic: boolean;
  parameters: ParameterRow[];
  body?: { schemaName: string; description?: string; fields: FieldRow[] };
  responses: ResponseView[];
  curl: string;
}

export interface TagGroup {
  name: string;
  description: string;
  endpoints: EndpointView[];
}

const refName = (ref: string): string => ref.split("/").pop()!;

function deref(doc: OpenApiDocument, node: Schema): Schema {
  if (typeof node.$ref === "string" && node.$ref.startsWith("#/components/")) {
    const [, , section, name] = node.$ref.split("/");
    const target = (doc.components as unknown as Record<string, Record<string, Schema>>)[section]?.[name];
    return target ? deref(doc, target) : node;
  }
  return node;
}

/** A short, readable type: `string`, `integer | null`, `Deal`, `Deal[]`, `"lead" | "proposal"`, `object`. */
export function typeLabel(schema: Schema): { label: string; ref?: string } {
  if (typeof schema.$ref === "string") return { label: refName(schema.$ref), ref: refName(schema.$ref) };
  if ("const" in schema) return { label: JSON.stringify(schema.const) };
  if (Array.isArray(schema.enum)) {
    const values = schema.enum as unknown[];
    return { label: values.length <= 8 ? values.map((v) => JSON.stringify(v)).join(" | ") : `enum (${values.length} values)` };
  }
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) {
    const parts = variants.map(typeLabel);
    const labels = [...new Set(parts.map((p) => p.label))];
    return { label: labels.join(" | "), ref: parts.find((p) => p.ref)?.ref };
  }
  if (Array.isArray(schema.type)) return { label: (schema.type as string[]).join(" | ") };
  if (schema.type === "array") {
    const item = typeLabel((schema.items as Schema) ?? {});
    return { label: item.label.includes(" ") ? `(${item.label})[]` : `${item.label}[]`, ref: item.ref };
  }
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object" && !schema.properties) {
    return { label: "object (map)" };
  }
  if (typeof schema.type === "string") return { label: schema.format ? `${schema.type} (${schema.format})` : schema.type };
  return { label: "any" };
}

/** Validation rules worth telling a client: lengths, ranges, patterns, defaults. */
export function constraintsOf(schema: Schema): string[] {
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  const s = Array.isArray(variants) ? (variants.find((v) => v.type !== "null") ?? schema) : schema;
  const out: string[] = [];
  if (typeof s.minLength === "number" && s.minLength > 0) out.push(`min length ${s.minLength}`);
  if (typeof s.maxLength === "number") out.push(`max length ${s.maxLength}`);
  if (typeof s.minimum === "number") out.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === "number") out.push(`≤ ${s.maximum}`);
  if (typeof s.maxItems === "number") out.push(`at most ${s.maxItems} items`);
  if (typeof s.pattern === "string" && s.format !== "date") out.push(`pattern ${s.pattern}`);
  if ("default" in schema) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** An object schema's fields as rows; nested plain objects are expanded up to `maxDepth`. */
export function schemaFields(doc: OpenApiDocument, schema: Schema, maxDepth = 1, prefix = "", depth = 0): FieldRow[] {
  const resolved = deref(doc, schema);
  const properties = (resolved.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const rows: FieldRow[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    const { label, ref } = typeLabel(prop);
    rows.push({
      name: prefix + name,
      depth,
      type: label,
      refName: ref,
      required: required.has(name),
      description: typeof prop.description === "string" ? prop.description : undefined,
      constraints: constraintsOf(prop),
    });
    if (depth < maxDepth && prop.type === "object" && prop.properties) rows.push(...schemaFields(doc, prop, maxDepth, `${prefix}${name}.`, depth + 1));
  }
  return rows;
}

// ---------- examples ----------

/** Plausible values for common fields, so examples read like real requests. */
const FIELD_EXAMPLES: Record<string, unknown> = {
  name: "Tanaka Logistics – CRM rollout",
  amount: 1_200_000,
  currency: "JPY",
  stage: "proposal",
  expected_close_date: "2026-12-15",
  type: "note",
  content: "Called the buyer; they want the quote by Friday.",
  first_name: "Hanako",
  last_name: "Suzuki",
  email: "hanako.suzuki@example.co.jp",
  domain: "tanaka-logistics.jp",
  industry: "Logistics",
  lost_reason: "Chose a cheaper vendor.",
  loss_category: "price",
};

function exampleFor(schema: Schema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return exampleFor(variants.find((v) => v.type !== "null") ?? variants[0]);
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return "string";
  }
}

/** A request body with the required fields and a few well-known optional ones. */
export function exampleBody(doc: OpenApiDocument, schema: Schema): Record<string, unknown> {
  const resolved = deref(doc, schema);
  const properties = (resolved.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const body: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (required.has(name)) body[name] = name in FIELD_EXAMPLES ? FIELD_EXAMPLES[name] : exampleFor(prop);
  }
  for (const name of Object.keys(properties)) {
    if (Object.keys(body).length >= 5) break;
    if (!(name in body) && name in FIELD_EXAMPLES && name !== "lost_reason" && name !== "loss_category") body[name] = FIELD_EXAMPLES[name];
  }
  return body;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlExample(input: {
  method: string;
  path: string;
  baseUrl: string;
  isPublic: boolean;
  body?: Record<string, unknown>;
  pathExamples?: Record<string, string>;
}): string {
  const url = input.baseUrl.replace(/\/$/, "") + input.path.replace(/\{(\w+)\}/g, (_, n: string) => input.pathExamples?.[n] ?? `<${n}>`);
  const lines = [`curl${input.method === "GET" ? "" : ` -X ${input.method}`} ${shellQuote(url)}`];
  if (!input.isPublic) lines.push(`-H "Authorization: Bearer $TOKEN"`);
  if (input.body) {
    lines.push(`-H "Content-Type: application/json"`);
    lines.push(`-d ${shellQuote(JSON.stringify(input.body, null, 2))}`);
  }
  return lines.join(" \\\n  ");
}

// ---------- endpoints ----------

const METHOD_ORDER = ["get", "post", "patch", "put", "delete"];

export function endpointsByTag(doc: OpenApiDocument, baseUrl: string): TagGroup[] {
  const groups = new Map<string, TagGroup>(doc.tags.map((t) => [t.name, { name: t.name, description: t.description, endpoints: [] }]));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))) {
      const op = ops[method] as Schema;
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const parameters = ((op.parameters as Schema[] | undefined) ?? []).map((p) => deref(doc, p));
      const pathExamples = Object.fromEntries(
        parameters.filter((p) => p.in === "path").map((p) => [p.name as string, ((p.schema as Schema).examples as string[] | undefined)?.[0] ?? `<${p.name}>`]),
      );
      const bodyRef = ((op.requestBody as Schema | undefined)?.content as Record<string, { schema: Schema }> | undefined)?.["application/json"]?.schema;
      const bodySchema = bodyRef ? deref(doc, bodyRef) : undefined;
      const responses = Object.entries(op.responses as Record<string, Schema>).map(([status, r]) => {
        const response = deref(doc, r);
        const content = response.content as Record<string, { schema: Schema }> | undefined;
        const [contentType, media] = content ? Object.entries(content)[0] : [undefined, undefined];
        return {
          status,
          description: String(response.description ?? ""),
          contentType,
          schemaName: typeof media?.schema?.$ref === "string" ? refName(media.schema.$ref) : undefined,
        };
      });
      const view: EndpointView = {
        anchor: `${op.operationId}`,
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        description: typeof op.description === "string" ? op.description : undefined,
        isPublic,
        parameters: parameters.map((p) => ({
          name: String(p.name),
          in: String(p.in),
          type: typeLabel((p.schema as Schema) ?? {}).label,
          required: p.required === true,
          description: typeof p.description === "string" ? p.description : undefined,
          constraints: constraintsOf((p.schema as Schema) ?? {}),
        })),
        body:
          bodyRef && bodySchema
            ? {
                schemaName: refName(String(bodyRef.$ref)),
                description: typeof bodySchema.description === "string" ? bodySchema.description : undefined,
                fields: schemaFields(doc, bodySchema, 0),
              }
            : undefined,
        responses,
        curl: curlExample({ method: method.toUpperCase(), path, baseUrl, isPublic, body: bodySchema ? exampleBody(doc, bodySchema) : undefined, pathExamples }),
      };
      for (const tag of (op.tags as string[]) ?? ["Other"]) {
        if (!groups.has(tag)) groups.set(tag, { name: tag, description: "", endpoints: [] });
        groups.get(tag)!.endpoints.push(view);
      }
    }
  }
  return [...groups.values()].filter((g) => g.endpoints.length > 0);
}
