import "server-only";

/**
 * A request body's bytes, read as they stream in and refused with `tooLarge()` as soon as they
 * pass `maxBytes`, so an oversized or endless body is never held whole (a declared
 * Content-Length is checked by the callers before reading).
 */
export async function readBodyCapped(req: Request, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
