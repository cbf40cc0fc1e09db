import { defineRoute } from '@/lib/http/route';
import { buildOpenApiDocument } from '@/lib/openapi/document';
import { operations } from '@/lib/openapi/operations';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = defineRoute({ name: 'openapi', permission: 'public' }, async () => {
  cached ??= buildOpenApiDocument(operations);
  return cached;
});
