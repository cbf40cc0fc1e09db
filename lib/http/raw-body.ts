/**
 * The bytes a JSON answer was built from, kept beside the Response (weakly): the front door writes
 * them to the socket as they are instead of reading them back out of the Response's web stream,
 * which costs more than building the answer. Next reads the Response's body as usual.
 */
const rawBodies = new WeakMap<Response, string | Uint8Array>();

export function jsonResponse(value: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(value);
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  const response = new Response(text, { ...init, headers });
  rawBodies.set(response, text);
  return response;
}

/** A Response over `bytes`, remembered as such. */
export function bytesResponse(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(bytes, init);
  rawBodies.set(response, bytes);
  return response;
}

export function rawBodyOf(response: Response): string | Uint8Array | undefined {
  return rawBodies.get(response);
}
