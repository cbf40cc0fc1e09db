import type { Metadata } from 'next';
import { Providers } from '@/components/providers';
import { WallView } from '@/components/wall/wall-view';
import { withinServiceLimit } from '@/lib/auth/permissions';
import { wallService, wallSources } from '@/lib/live/view';
import { listServices, namedService } from '@/lib/services';
import { requireWallPrincipal } from '../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Wall' };

export default async function WallPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const principal = await requireWallPrincipal();
  const sp = await searchParams;
  const stack = typeof sp.stack === 'string' ? sp.stack : null;
  const rotate = typeof sp.rotate === 'string' ? Math.min(Math.max(Number(sp.rotate) || 0, 0), 3600) : 0;
  // the page carries only what the wall draws, of the services the principal may see
  const { services, sources } = await listServices();
  const initial = {
    services: services.filter((s) => withinServiceLimit(principal, namedService(s.id))).map(wallService),
    sources: wallSources(sources),
  };
  return (
    <Providers>
      <WallView initial={initial} stack={stack} rotateSeconds={rotate} />
    </Providers>
  );
}
