import type { Metadata } from 'next';
import { WallConnect } from './wall-connect';

export const metadata: Metadata = { title: 'Wall' };
export const dynamic = 'force-dynamic';

/**
 * `/wall#token=opsdeck_…` lands here (proxy.ts sends a credential-less /wall to this page and the
 * browser keeps the fragment): the token is read in the browser and posted, never sent in a URL.
 */
export default async function WallConnectPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <WallConnect urlToken={sp.reason === 'url-token'} />
    </main>
  );
}
