import type { Metadata } from 'next';
import { Providers } from '@/components/providers';
import { WallView } from '@/components/wall/wall-view';
import { listServices } from '@/lib/services';
import { requireWallPrincipal } from '../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Wall' };

export default async function WallPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireWallPrincipal();
  const sp = await searchParams;
  const stack = typeof sp.stack === 'string' ? sp.stack : null;
  const rotate = typeof sp.rotate === 'string' ? Math.min(Math.max(Number(sp.rotate) || 0, 0), 3600) : 0;
  const initial = await listServices();
  return (
    <Providers>
      <WallView initial={initial} stack={stack} rotateSeconds={rotate} />
    </Providers>
  );
}
