import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '@/lib/contract';
import { buildOpenApiDocument } from './document';

const apiRoot = path.resolve(__dirname, '../../app/api/v1');

/** Every (path, method) a route file exports, with `[id]` folders as `{id}`. */
function routeFileOperations(): { path: string; method: string; file: string }[] {
  const found: { path: string; method: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const rel = path.relative(apiRoot, dir).split(path.sep).filter(Boolean);
        const apiPath = ['/api/v1', ...rel.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}'))].join('/');
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push({ path: apiPath, method: m[1] ?? '', file: path.relative(process.cwd(), full) });
        }
      }
    }
  };
  walk(apiRoot);
  return found;
}

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(operations);

  it('lists every handler exported by app/api/v1/**/route.ts', () => {
    const missing = routeFileOperations().filter((r) => {
      const item = doc.paths[r.path] as Record<string, unknown> | undefined;
      return !item?.[r.method.toLowerCase()];
    });
    expect(
      missing.map((m) => `${m.method} ${m.path} (${m.file}): declare it in lib/contract/operations`),
    ).toEqual([]);
  });

  it('has no operation without a route file, and unique names', () => {
    const files = new Set(routeFileOperations().map((r) => `${r.method} ${r.path}`));
    expect(operations.filter((o) => !files.has(`${o.method} ${o.path}`)).map((o) => o.name)).toEqual([]);
    const names = operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('describes request bodies from the zod schemas', () => {
    const create = (
      doc.paths['/api/v1/tokens'] as {
        post: { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
      }
    ).post;
    expect(create.requestBody.content['application/json']?.schema.required).toEqual(['name', 'scopes']);
    expect(doc.openapi).toBe('3.1.0');
  });
});
