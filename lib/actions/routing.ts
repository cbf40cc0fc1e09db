import type { Principal } from '@/lib/auth/types';
import type { ActionRequest } from './index';

/** The `Idempotency-Key` header, when a client retries a request safely. */
export function idempotencyKey(request: Request): string | null {
  return request.headers.get('idempotency-key')?.trim().slice(0, 200) || null;
}

/** Who asked, as an action records it. */
export function actionRequest(input: {
  principal: Principal | null;
  requestId: string;
  request: Request;
}): ActionRequest {
  return {
    principal: input.principal,
    requestId: input.requestId,
    idempotencyKey: idempotencyKey(input.request),
  };
}
