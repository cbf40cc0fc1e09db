import { AppError, type ErrorCode } from '@/lib/errors';

/** The one error envelope: `{error:{code,message}}` with its status. Route handlers never build one. */
export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...details } };
}

export function errorResponse(err: AppError): Response {
  return Response.json(errorBody(err.code, err.message, err.details), {
    status: err.status,
    headers: err.headers,
  });
}

/** Maps anything thrown to an AppError; unknown errors become a 500 without leaking internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', 'Internal error');
}
