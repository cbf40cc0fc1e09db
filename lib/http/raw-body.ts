/**
 * The bytes a JSON answer was built from, kept beside the Response (weakly): the front door writes
 * them to the socket as they are instead of reading them back out of the Response's web stream,
 * which costs more than building the answer. Next reads the Response's body as usual.
 */
import { isFrontDoorRequest } from './node-request';

const rawBodies = new WeakMap<Response, string | Uint8Array>();

export function jsonResponse(value: unknown, init: ResponseInit = {}, request?: Request): Response {
  const text = JSON.stringify(value);
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  return remembered(text, { ...init, headers }, request);
}

/** A Response over `bytes`, remembered as such. */
export function bytesResponse(
  bytes: Uint8Array<ArrayBuffer>,
  init: ResponseInit,
  request?: Request,
): Response {
  return remembered(bytes, init, request);
}

/**
 * For a request that came through the front door (which writes the remembered bytes and never reads
 * the Response's body), the Response is made without a body: a web body (a ReadableStream made
 * transferable, the bytes extracted) was a fifth of a hot answer's CPU. Anyone else gets the body.
 */
function remembered(body: string | Uint8Array<ArrayBuffer>, init: ResponseInit, request?: Request) {
  const response = new Response(request && isFrontDoorRequest(request) ? null : body, init);
  rawBodies.set(response, body);
  return response;
}

export function rawBodyOf(response: Response): string | Uint8Array | undefined {
  return rawBodies.get(response);
}
