/**
 * A response body that is already JSON text, e.g. a list page whose deals PostgreSQL wrote as
 * JSON (lib/deals/serialize.ts `DEAL_JSON_SQL`). `jsonBytes` sends the text as is, so the server
 * neither decodes those rows into objects nor stringifies them again. `T` is the shape the text
 * parses to.
 */
export class JsonText<T = unknown> {
  // The shape is carried in the type only.
  declare readonly shape?: T;
  constructor(readonly text: string) {}
}

/**
 * A JSON response body as UTF-8 bytes: `JsonText` as is, anything else stringified. Given a
 * string instead, undici first copies it into a well-formed string (`toUSVString`) and then
 * encodes it, which cost 6% of the server's CPU while serving list pages (finding 21 in
 * docs/benchmarks.md). The API's responses (lib/api/handler.ts `json`) and the benchmark's
 * floors all send their bodies through this.
 */
export function jsonBytes(value: unknown): Buffer<ArrayBuffer> {
  return Buffer.from(value instanceof JsonText ? value.text : JSON.stringify(value));
}

/**
 * An object whose first property is an array of JSON texts and whose other properties are
 * values: `{"<key>":[<items>],<rest>}`. The rest is stringified, so it needs no escaping here.
 */
export function jsonWithArray<T>(key: string, items: readonly string[], rest: Record<string, unknown>): JsonText<T> {
  const tail = JSON.stringify(rest);
  return new JsonText<T>(`{${JSON.stringify(key)}:[${items.join(",")}]${tail === "{}" ? "}" : `,${tail.slice(1)}`}`);
}
