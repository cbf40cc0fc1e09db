import type { Metadata } from 'next';
import { TokenForm } from '@/components/settings/token-form';
import { TokensList } from '@/components/settings/tokens-list';
import { NotAllowed } from '@/components/ui/not-allowed';
import { canAdmin, canMintScopes } from '@/lib/auth/permissions';
import { scopes } from '@/lib/auth/types';
import { requirePrincipal } from '../../../_lib/auth';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Tokens' };

export default async function TokensPage() {
  const { principal, allowed } = await requirePrincipal('read', '/settings/tokens');
  if (!allowed || principal.kind === 'token') return <NotAllowed what="API tokens" />;
  const mintable = scopes.filter((s) => canMintScopes(principal, [s]));
  return (
    <div className="space-y-6">
      <section aria-labelledby="new-token-h" className="space-y-2">
        <h2 id="new-token-h" className="text-lg font-semibold">
          New API token
        </h2>
        <TokenForm mintable={mintable} />
      </section>
      <section aria-labelledby="tokens-h" className="space-y-2">
        <h2 id="tokens-h" className="text-lg font-semibold">
          {canAdmin(principal) ? 'All tokens' : 'Your tokens'}
        </h2>
        <TokensList />
      </section>
    </div>
  );
}
