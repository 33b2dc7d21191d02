/**
 * A response body that is already JSON text, e.g. a list page of the deals' stored JSON
 * (lib/deals/serialize.ts `selectDealsJson`). `jsonBytes` sends the text as is, so the server
 * neither decodes those rows into objects nor stringifies them again. `T` is the shape the text
 * parses to.
 *
 * The text is kept in pieces (`parts`, in order) and written out piece by piece, never joined
 * into one string: a 50-deal page is about 70,000 characters, and with one character outside
 * Latin-1 in it (an em dash in a deal's name will do) V8 stores the joined string as UTF-16, in
 * its large-object space. Joining, flattening and encoding that string took about 290 µs per
 * page; writing the pieces takes about 85 µs (docs/benchmarks.md#json-text-bodies).
 */
export class JsonText<T = unknown> {
  // The shape is carried in the type only.
  declare readonly shape?: T;
  constructor(readonly parts: readonly string[]) {}

  /** The whole text as one string (for tests and logs; responses use `jsonBytes`). */
  get text(): string {
    return this.parts.join("");
  }
}

/**
 * A JSON response body as UTF-8 bytes: `JsonText` as is, anything else stringified. Given a
 * string instead, undici first copies it into a well-formed string (`toUSVString`) and then
 * encodes it, which cost 6% of the server's CPU while serving list pages (docs/benchmarks.md#json-text-bodies). The API's responses (lib/api/handler.ts `json`) and the benchmark's
 * floors all send their bodies through this.
 */
export function jsonBytes(value: unknown): Buffer<ArrayBuffer> {
  if (!(value instanceof JsonText)) return Buffer.from(JSON.stringify(value));
  const { parts } = value;
  let size = 0;
  for (const part of parts) size += Buffer.byteLength(part, "utf8");
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at, "utf8");
  // Every part was measured above, so the buffer is exactly full; anything else is a bug here.
  if (at !== size) throw new Error(`jsonBytes wrote ${at} of ${size} bytes`);
  return bytes;
}

/**
 * An object whose first property is an array of JSON texts and whose other properties are
 * values: `{"<key>":[<items>],<rest>}`. The rest is stringified, so it needs no escaping here.
 */
export function jsonWithArray<T>(key: string, items: readonly string[], rest: Record<string, unknown>): JsonText<T> {
  const tail = JSON.stringify(rest);
  const parts: string[] = [`{${JSON.stringify(key)}:[`];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(",");
    parts.push(items[i]);
  }
  parts.push(tail === "{}" ? "]}" : `],${tail.slice(1)}`);
  return new JsonText<T>(parts);
}
