/**
 * Reads a web stream to its end, holding at most `cap` bytes: one byte more cancels the stream (which
 * closes the connection, so the other side stops sending too) and throws `tooLarge()`. A chunked body
 * declares no length, so counting while reading is the only way never to hold more than the cap.
 * Used for request bodies (lib/http/parse.ts, 413) and upstream answers (lib/prometheus/http.ts).
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  cap: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
