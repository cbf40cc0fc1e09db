'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import { ErrorText } from './error-text';
import { button } from './ui';
import { useTokenMutations, useTokens } from './use-people';

/** The tokens the viewer may see (their own; all for admins), newest first, with a revoke button. */
export function TokensList({ showRevoked = false }: { showRevoked?: boolean }) {
  const tokens = useTokens();
  const { revoke } = useTokenMutations();
  const [confirming, setConfirming] = useState<string | null>(null);
  if (tokens.error) return <ErrorText error={tokens.error} />;
  if (!tokens.data) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading tokens…</p>;
  const list = tokens.data.tokens
    .filter((t) => showRevoked || !t.revokedAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (list.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No tokens.</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {list.map((t) => {
        const expired = t.expiresAt !== null && Date.parse(t.expiresAt) < Date.now();
        return (
          <li
            key={t.id}
            className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm"
            data-testid="token"
            data-token={t.id}
          >
            <span className="min-w-0 break-all font-medium">{t.name}</span>
            <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{t.scopes.join(' ')}</span>
            {t.services ? (
              <span className="break-all text-xs text-zinc-500 dark:text-zinc-400">
                only {t.services.join(', ')}
              </span>
            ) : null}
            <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="token-last-used">
              {t.lastUsedAt ? (
                <>
                  used <RelativeTime iso={t.lastUsedAt} />
                </>
              ) : (
                'never used'
              )}
            </span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {t.revokedAt
                ? 'revoked'
                : expired
                  ? 'expired'
                  : t.expiresAt
                    ? `expires ${new Date(t.expiresAt).toLocaleDateString()}`
                    : 'no expiry'}
            </span>
            {!t.revokedAt ? (
              <span className="ml-auto flex gap-2">
                {confirming === t.id ? (
                  <>
                    <button
                      type="button"
                      className={`${button} border-red-400 text-red-700 dark:text-red-300`}
                      onClick={() => revoke.mutate(t.id, { onSettled: () => setConfirming(null) })}
                      disabled={revoke.isPending}
                    >
                      Revoke “{t.name}” now
                    </button>
                    <button type="button" className={button} onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className={button}
                    onClick={() => setConfirming(t.id)}
                    aria-label={`Revoke ${t.name}`}
                  >
                    Revoke
                  </button>
                )}
              </span>
            ) : null}
          </li>
        );
      })}
      {revoke.error ? (
        <li className="px-3 py-2">
          <ErrorText error={revoke.error} />
        </li>
      ) : null}
    </ul>
  );
}
