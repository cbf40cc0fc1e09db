'use client';

import { type FormEvent, useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { type Role, roles } from '@/lib/auth/types';
import { ErrorText } from './error-text';
import { field, primary } from './ui';
import { useUserMutations } from './use-people';

/** Creates a local user with a first password the admin hands over. */
export function UserForm() {
  const hydrated = useHydrated();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const { create } = useUserMutations();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { username, password, role },
      {
        onSuccess: () => {
          setUsername('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label="New user" data-testid="user-form">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-col gap-1 text-sm" htmlFor={`${id}-u`}>
          Username
          <input
            id={`${id}-u`}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            className={field}
          />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm" htmlFor={`${id}-p`}>
          First password (8+ characters)
          <input
            id={`${id}-p`}
            type="password"
            required
            minLength={8}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={field}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-r`}>
          Role
          <select
            id={`${id}-r`}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className={field}
          >
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className={primary} disabled={create.isPending || !hydrated}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
      </div>
      <ErrorText error={create.error} />
    </form>
  );
}
