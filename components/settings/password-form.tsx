'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { ops } from '@/lib/contract';
import { apiCall } from '@/lib/contract/client';
import { ErrorText } from './error-text';
import { field, primary } from './ui';

/** The viewer changes their own password; every session of theirs ends, so they log in again. */
export function PasswordForm() {
  const hydrated = useHydrated();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => apiCall(ops.authPassword, { body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => window.location.assign('/login?next=%2Fsettings'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={submit} className="max-w-sm space-y-3" aria-label="Change your password">
      <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-c`}>
        Current password
        <input
          id={`${id}-c`}
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          className={field}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-n`}>
        New password (8+ characters)
        <input
          id={`${id}-n`}
          type="password"
          required
          minLength={8}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          className={field}
        />
      </label>
      <ErrorText error={change.error} />
      <button type="submit" className={primary} disabled={change.isPending || !hydrated}>
        Change password
      </button>
    </form>
  );
}
