'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import { useHydrated } from '@/components/ui/use-hydrated';
import { type Role, roles } from '@/lib/auth/types';
import { ErrorText } from './error-text';
import { button, field } from './ui';
import { useUserMutations, useUsers } from './use-people';

/**
 * Every user: role, enabled or not, a password reset (local users only: a single sign-on user has no
 * password here), and when they last logged in.
 */
export function UsersList({ selfId }: { selfId: string }) {
  const hydrated = useHydrated();
  const users = useUsers();
  const { update } = useUserMutations();
  const [resetting, setResetting] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  if (users.error) return <ErrorText error={users.error} />;
  if (!users.data) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading users…</p>;
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {users.data.users.map((u) => (
          <li
            key={u.id}
            className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 text-sm"
            data-testid="user"
            data-user={u.username}
            data-disabled={u.disabled}
            data-kind={u.kind}
          >
            <span className="min-w-0 break-all font-medium">
              {u.username}
              {u.id === selfId ? <span className="text-zinc-500 dark:text-zinc-400"> (you)</span> : null}
            </span>
            <select
              aria-label={`Role of ${u.username}`}
              value={u.role}
              className={field}
              onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
            >
              {roles.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
            <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="user-last-login">
              {u.lastLoginAt ? (
                <>
                  last login <RelativeTime iso={u.lastLoginAt} />
                </>
              ) : (
                'never logged in'
              )}
            </span>
            {u.kind === 'oidc' ? (
              <span
                className="rounded bg-sky-100 px-1.5 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200"
                title="Signs in through single sign-on; the role is set again from the provider's groups at each login"
              >
                single sign-on
              </span>
            ) : null}
            {u.disabled ? (
              <span className="rounded bg-zinc-200 px-1.5 text-xs dark:bg-zinc-700">disabled</span>
            ) : null}
            <span className="ml-auto flex flex-wrap gap-2">
              <button
                type="button"
                className={button}
                onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}
                aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}
              >
                {u.disabled ? 'Enable' : 'Disable'}
              </button>
              {u.kind === 'local' ? (
                <button
                  type="button"
                  className={button}
                  onClick={() => {
                    setPassword('');
                    setResetting(resetting === u.id ? null : u.id);
                  }}
                  aria-label={`Reset password of ${u.username}`}
                >
                  Reset password
                </button>
              ) : null}
            </span>
            {resetting === u.id ? (
              <form
                className="flex w-full flex-wrap items-center gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  update.mutate({ id: u.id, password }, { onSuccess: () => setResetting(null) });
                }}
              >
                <label className="flex min-w-0 items-center gap-2">
                  New password for {u.username}
                  <input
                    type="password"
                    required
                    minLength={8}
                    autoComplete="new-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    className={`${field} min-w-0`}
                  />
                </label>
                <button type="submit" className={button} disabled={update.isPending || !hydrated}>
                  Set password (ends their sessions)
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorText error={update.error} />
    </div>
  );
}
