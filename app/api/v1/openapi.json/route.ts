import { operations, ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { buildOpenApiDocument } from '@/lib/openapi/document';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = handle(ops.openapi, async () => {
  cached ??= buildOpenApiDocument(operations);
  return cached;
});
