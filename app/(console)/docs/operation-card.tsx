import { z } from 'zod';
import type { Operation } from '@/lib/contract';

const methodColour: Record<Operation['method'], string> = {
  GET: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  POST: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  PUT: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  PATCH: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  DELETE: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

function schemaText(schema: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return JSON.stringify(json, null, 2);
}

function SchemaBlock({ label, schema, io }: { label: string; schema?: z.ZodType; io: 'input' | 'output' }) {
  if (!schema) return null;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">{label}</summary>
      <pre className="mt-1 max-h-72 overflow-auto rounded bg-zinc-100 p-2 dark:bg-zinc-900">
        {schemaText(schema, io)}
      </pre>
    </details>
  );
}

export function OperationCard({ op }: { op: Operation }) {
  return (
    <article className="space-y-1 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${methodColour[op.method]}`}>
          {op.method}
        </span>
        <code className="text-sm">{op.path}</code>
        <span className="ml-auto rounded bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">
          needs: {op.permission}
        </span>
      </div>
      <p className="text-sm">{op.summary}</p>
      {op.description && <p className="text-xs text-zinc-600 dark:text-zinc-400">{op.description}</p>}
      <SchemaBlock label="Path parameters" schema={op.params} io="input" />
      <SchemaBlock label="Query" schema={op.query} io="input" />
      <SchemaBlock label="Request body" schema={op.body} io="input" />
      <SchemaBlock label="Response" schema={op.response} io="output" />
    </article>
  );
}
