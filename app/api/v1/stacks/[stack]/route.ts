import { previewStack } from '@/lib/actions';
import { ops } from '@/lib/contract';
import { notFound } from '@/lib/errors';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// A service-limited principal sees the stack only when it may see every service of it.
export const GET = handle(ops.stacksGet, async ({ params, query, visible }) => {
  const preview = await previewStack(params.stack, query.host);
  if (!preview.services.every((s) => visible(s.id))) throw notFound(`No stack "${params.stack}"`);
  return preview;
});
