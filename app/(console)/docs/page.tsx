import type { Metadata } from 'next';
import { requirePrincipal } from '@/app/_lib/auth';
import { operations } from '@/lib/contract';
import { buildOpenApiDocument } from '@/lib/openapi/document';
import { OperationCard } from './operation-card';

export const metadata: Metadata = { title: 'API' };
export const dynamic = 'force-dynamic';

/** The OpenAPI document rendered as text; scripts read /api/v1/openapi.json directly. */
export default async function DocsPage() {
  await requirePrincipal('authenticated', '/docs');
  const doc = buildOpenApiDocument(operations);
  const byTag = new Map<string, typeof operations>();
  for (const op of operations) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-xl font-bold tracking-tight">
          {doc.info.title}{' '}
          <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">v{doc.info.version}</span>
        </h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Send <code>Authorization: Bearer opsdeck_…</code> (mint a token with{' '}
          <code>POST /api/v1/tokens</code>). Machine-readable:{' '}
          <a className="text-sky-700 underline dark:text-sky-400" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{' '}
          (OpenAPI 3.1).
        </p>
      </header>
      {[...byTag].map(([tag, ops]) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-2">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold capitalize">
            {tag}
          </h2>
          {ops.map((op) => (
            <OperationCard key={`${op.method} ${op.path}`} op={op} />
          ))}
        </section>
      ))}
    </div>
  );
}
