import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { WallSetup } from '@/components/settings/wall-setup';
import { NotAllowed } from '@/components/ui/not-allowed';
import { requirePrincipal } from '../../../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Wall display' };

export default async function WallSetupPage() {
  const { principal, allowed } = await requirePrincipal('read', '/settings/wall');
  if (!allowed || principal.kind === 'token') return <NotAllowed what="wall display set-up" />;
  // the address the admin reached us by is the one the TV can reach too (behind the same proxy)
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return (
    <section aria-labelledby="wall-h" className="space-y-3">
      <h2 id="wall-h" className="text-lg font-semibold">
        Set up a wall display
      </h2>
      <p className="max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
        Creates a token that can only show the wall, and the link to open on the TV. Anyone with the link can
        watch the wall until the token is revoked.
      </p>
      <WallSetup origin={`${proto}://${host}`} />
    </section>
  );
}
