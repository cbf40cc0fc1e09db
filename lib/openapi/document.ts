import { z } from 'zod';
import type { OperationSpec as Operation } from '@/lib/contract/operation';
import { errorStatus } from '@/lib/errors';

type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft 2020-12, what OpenAPI 3.1 uses) of the request side or the response side. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const obj = jsonSchema(schema, 'input');
  const properties = (obj.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((obj.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function responses(op: Operation) {
  const ok = String(op.status ?? 200);
  const success = op.stream
    ? { description: 'Event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }
    : {
        description: 'Success',
        content: { 'application/json': { schema: op.response ? jsonSchema(op.response, 'output') : {} } },
      };
  const out: Record<string, unknown> = { [ok]: success, 400: errorRef('Invalid request') };
  if (op.permission !== 'public') {
    out[401] = errorRef('Not authenticated');
    out[403] = errorRef('Authenticated, but not allowed (scope, service limit, or cross-site request)');
  }
  if (op.params) out[404] = errorRef('Not found');
  if (op.etag) out[304] = { description: 'Not modified: If-None-Match matches the current ETag (no body)' };
  if (op.stream) {
    out[429] = {
      ...errorRef(
        'This principal has as many open event streams as it may (OPSDECK_MAX_STREAMS_PER_PRINCIPAL)',
      ),
      headers: { 'Retry-After': retryAfter },
    };
  }
  out[503] = {
    ...errorRef(
      'Overloaded: the request was refused at once rather than queued (or, for a stream, the server holds ' +
        'as many streams as it takes); retry after Retry-After seconds',
    ),
    headers: { 'Retry-After': retryAfter },
  };
  return out;
}

const retryAfter = { description: 'Seconds to wait before retrying', schema: { type: 'integer' } };

const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'An ETag from an earlier answer: 304 while it is still current',
  schema: { type: 'string' },
};

/** The OpenAPI 3.1 document of the given operations, from the same zod schemas the handlers parse with. */
export function buildOpenApiDocument(ops: readonly Operation[], version = '0.1.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    item[op.method.toLowerCase()] = {
      operationId: op.name,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      'x-opsdeck-permission': op.permission,
      security: op.permission === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
      parameters: [
        ...parameters(op.params, 'path'),
        ...parameters(op.query, 'query'),
        ...(op.etag ? [ifNoneMatch] : []),
      ],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses: responses(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Opsdeck API',
      version,
      description:
        'Token-authenticated JSON API. Send `Authorization: Bearer opsdeck_…`. Errors are ' +
        '`{"error":{"code","message"}}` with codes ' +
        Object.keys(errorStatus).join(', ') +
        '.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token: opsdeck_…' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'opsdeck_session' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(errorStatus) },
                message: { type: 'string' },
              },
            },
          },
        },
      },
    },
  };
}
