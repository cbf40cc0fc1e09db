import { AppError, type ErrorCode } from '@/lib/errors';
import { bytesResponse } from './raw-body';

/** The one error envelope: `{error:{code,message}}` with its status. Route handlers never build one. */
export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...details } };
}

/**
 * Envelopes without details (the 401 of a bad token, the 403 of a missing scope, the 404 of a hidden
 * service, …) are encoded once and their bytes reused: the front door writes them as they are. Bounded:
 * messages that name what was asked for (an unknown id) are encoded each time once the table is full.
 */
const MAX_ENCODED = 256;
const encoded = new Map<string, Uint8Array<ArrayBuffer>>();

export function errorBytes(code: ErrorCode, message: string): Uint8Array<ArrayBuffer> {
  const key = `${code}\n${message}`;
  let bytes = encoded.get(key);
  if (!bytes) {
    bytes = new TextEncoder().encode(JSON.stringify(errorBody(code, message)));
    if (encoded.size < MAX_ENCODED) encoded.set(key, bytes);
  }
  return bytes;
}

export function errorResponse(err: AppError): Response {
  if (err.details) {
    return Response.json(errorBody(err.code, err.message, err.details), {
      status: err.status,
      headers: err.headers,
    });
  }
  const headers = new Headers(err.headers);
  headers.set('content-type', 'application/json');
  return bytesResponse(errorBytes(err.code, err.message), { status: err.status, headers });
}

/** Maps anything thrown to an AppError; unknown errors become a 500 without leaking internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', 'Internal error');
}
