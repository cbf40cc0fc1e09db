'use client';

import { type FormEvent, useId, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { Scope } from '@/lib/auth/types';
import { ErrorText } from './error-text';
import { SecretOnce } from './secret-once';
import { field, primary } from './ui';
import { useTokenMutations } from './use-people';

const expiries = [
  { label: 'never', days: 0 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
] as const;

const scopeHelp: Record<Scope, string> = {
  read: 'read everything (no secrets)',
  operate: 'restart, scale, roll back, deploy, back up, silence',
  admin: 'users, every token, restore',
  display: 'the wall display only',
  exec: 'a terminal or a command inside containers (never with display)',
};

/** Mints a token: name, scopes (only those the viewer holds), service limits and an expiry. */
export function TokenForm({ mintable }: { mintable: readonly Scope[] }) {
  const hydrated = useHydrated();
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [services, setServices] = useState('');
  const [days, setDays] = useState(0);
  const { create } = useTokenMutations();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const limits = services
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    create.mutate({
      name,
      scopes,
      ...(limits.length > 0 ? { services: limits } : {}),
      ...(days > 0 ? { expiresAt: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
    });
  };

  return (
    <div className="space-y-3">
      <form onSubmit={submit} className="space-y-3" aria-label="New token" data-testid="token-form">
        <div className="flex flex-wrap gap-3">
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm" htmlFor={`${id}-name`}>
            Name
            <input
              id={`${id}-name`}
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="ci-deploys"
              className={field}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-expiry`}>
            Expires
            <select
              id={`${id}-expiry`}
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              className={field}
            >
              {expiries.map((x) => (
                <option key={x.days} value={x.days}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Scopes</legend>
          {mintable.map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))
                }
              />
              <span className="font-mono">{s}</span>
              <span className="text-zinc-500 dark:text-zinc-400">{scopeHelp[s]}</span>
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-services`}>
          Limit to services (optional: stacks, <span className="font-mono">stack/service</span> or ids, comma
          separated)
          <input
            id={`${id}-services`}
            value={services}
            onChange={(e) => setServices(e.target.value)}
            placeholder="all services"
            className={`${field} font-mono`}
          />
        </label>
        <ErrorText error={create.error} />
        <button
          type="submit"
          className={primary}
          disabled={create.isPending || scopes.length === 0 || !hydrated}
        >
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {create.data ? <SecretOnce token={create.data.token} name={create.data.info.name} /> : null}
    </div>
  );
}
