'use client';

import { type FormEvent, useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { CopyButton } from './copy-button';
import { ErrorText } from './error-text';
import { QrCode } from './qr-code';
import { field, primary } from './ui';
import { useTokenMutations } from './use-people';

/**
 * "Set up a wall display": mints a display-only token (optionally limited to one stack) and gives the
 * URL to open on the TV, as text and as a QR code. The token rides in the URL fragment, which the
 * browser never sends to a server; /wall/connect trades it for the wall cookie.
 */
export function WallSetup({ origin }: { origin: string }) {
  const hydrated = useHydrated();
  const id = useId();
  const [name, setName] = useState('ops-room TV');
  const [stack, setStack] = useState('');
  const [rotate, setRotate] = useState(0);
  const { create } = useTokenMutations();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const only = stack.trim();
    create.mutate({ name, scopes: ['display'], ...(only ? { services: [only] } : {}) });
  };
  // everything rides in the fragment: /wall/connect reads `token`, `stack` and `rotate` from it
  const fragment = new URLSearchParams();
  if (create.data) fragment.set('token', create.data.token);
  if (stack.trim()) fragment.set('stack', stack.trim());
  if (rotate > 0) fragment.set('rotate', String(rotate));
  const url = create.data ? `${origin}/wall#${fragment.toString()}` : null;
  return (
    <div className="space-y-4">
      <form
        onSubmit={submit}
        className="space-y-3"
        aria-label="New wall display"
        data-testid="wall-setup-form"
      >
        <div className="flex flex-wrap gap-3">
          <label className="flex min-w-0 flex-col gap-1 text-sm" htmlFor={`${id}-n`}>
            Display name
            <input
              id={`${id}-n`}
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              className={field}
            />
          </label>
          <label className="flex min-w-0 flex-col gap-1 text-sm" htmlFor={`${id}-s`}>
            Only this stack (optional)
            <input
              id={`${id}-s`}
              value={stack}
              onChange={(e) => setStack(e.target.value)}
              placeholder="all stacks"
              className={`${field} font-mono`}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-r`}>
            Rotate stacks every
            <select
              id={`${id}-r`}
              value={rotate}
              onChange={(e) => setRotate(Number(e.target.value))}
              className={field}
            >
              <option value={0}>never (all at once)</option>
              <option value={15}>15 s</option>
              <option value={30}>30 s</option>
              <option value={60}>1 min</option>
            </select>
          </label>
        </div>
        <ErrorText error={create.error} />
        <button type="submit" className={primary} disabled={create.isPending || !hydrated}>
          {create.isPending ? 'Creating…' : 'Create display link'}
        </button>
      </form>
      {url ? (
        <div
          className="flex flex-wrap items-start gap-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-500/40 dark:bg-emerald-500/10"
          data-testid="wall-link"
        >
          <QrCode value={url} label="QR code of the wall display link" />
          <div className="min-w-0 flex-1 space-y-2 text-sm">
            <p className="font-medium">Open this on the TV (or scan the code). It is shown only this once.</p>
            <code
              className="block break-all rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
              data-testid="wall-url"
            >
              {url}
            </code>
            <CopyButton value={url} label="Copy link" />
            <p className="text-zinc-600 dark:text-zinc-400">
              The display sees status only, never an action. Revoke it under Tokens when the TV goes.
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
