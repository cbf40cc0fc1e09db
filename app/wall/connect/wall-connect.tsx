'use client';

import { useEffect, useState } from 'react';
import { ops } from '@/lib/contract';
import { ApiError, apiCall } from '@/lib/contract/client';

/** Reads `#token=…` (plus optional `stack`, `rotate`), exchanges it for the wall cookie, opens /wall. */
export function WallConnect({ urlToken }: { urlToken: boolean }) {
  const [message, setMessage] = useState<string | null>(
    urlToken
      ? 'A display token in the address (?token=) reaches access logs and is not accepted: open /wall#token=… instead, and consider revoking that token.'
      : null,
  );

  useEffect(() => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const token = fragment.get('token');
    // The fragment leaves the address bar (and history) before anything else happens.
    window.history.replaceState(null, '', window.location.pathname);
    if (!token) {
      if (!urlToken) window.location.replace('/login?next=%2Fwall');
      return;
    }
    fragment.delete('token');
    const rest = fragment.toString();
    apiCall(ops.wallSession, { body: { token } })
      .then(() => window.location.replace(`/wall${rest ? `?${rest}` : ''}`))
      .catch((err: unknown) =>
        setMessage(
          err instanceof ApiError && err.status === 400
            ? 'This display token is not valid (unknown, revoked, expired, or without the display scope).'
            : `Could not open the wall: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  }, [urlToken]);

  return (
    <p role={message ? 'alert' : 'status'} className="text-sm text-zinc-600 dark:text-zinc-300">
      {message ?? 'Opening the wall…'}
    </p>
  );
}
