'use client';

import { type FormEvent, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { ops } from '@/lib/contract';
import { ApiError, apiCall } from '@/lib/contract/client';

const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700 dark:bg-zinc-950';

/** Posts to the login route; on success goes to `nextPath` (already checked to be same-origin). */
export function LoginForm({ nextPath }: { nextPath: string }) {
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiCall(ops.authLogin, {
        body: { username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') },
      });
      window.location.assign(nextPath);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server');
      setBusy(false);
    }
  }

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      className="space-y-4"
      aria-describedby={error ? 'login-error' : undefined}
    >
      <label className="block text-sm font-medium">
        Username
        <input name="username" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </label>
      {error && (
        <p id="login-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !hydrated}
        className="w-full rounded-md bg-sky-700 px-3 py-2 text-sm font-semibold text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 disabled:opacity-60"
      >
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
