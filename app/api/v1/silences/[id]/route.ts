import { z } from 'zod';
import { defineRoute } from '@/lib/http/route';
import { expireSilence } from '@/lib/prometheus/silences';

export const dynamic = 'force-dynamic';

export const DELETE = defineRoute(
  {
    name: 'silences.expire',
    permission: 'operate',
    params: z.object({ id: z.string().min(1).max(64) }),
    audit: 'silence.expire',
  },
  async ({ params }) => {
    await expireSilence(params.id);
    return new Response(null, { status: 204 });
  },
);
