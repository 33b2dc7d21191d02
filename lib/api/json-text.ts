/**
 * A response body that is already JSON text, e.g. a list page whose deals PostgreSQL wrote as
 * JSON (lib/deals/serialize.ts `DEAL_JSON_SQL`). The API wrapper sends the text as is (`json` in
 * lib/api/handler.ts), so the server neither decodes those rows into objects nor stringifies
 * them again. `T` is the shape the text parses to; `parse()` gives it to code that needs values.
 */
export class JsonText<T = unknown> {
  constructor(readonly text: string) {}

  parse(): T {
    return JSON.parse(this.text) as T;
  }
}

/**
 * An object whose first property is an array of JSON texts and whose other properties are
 * values: `{"<key>":[<items>],<rest>}`. The rest is stringified, so it needs no escaping here.
 */
export function jsonWithArray<T>(key: string, items: readonly string[], rest: Record<string, unknown>): JsonText<T> {
  const tail = JSON.stringify(rest);
  return new JsonText<T>(`{${JSON.stringify(key)}:[${items.join(",")}]${tail === "{}" ? "}" : `,${tail.slice(1)}`}`);
}
