'use client';

import { type FormEvent, useState } from 'react';
import { useHydrated } from '@/components/ui/use-hydrated';
import { type NewChannelInput, notificationEvents } from '@/lib/notifications/schemas';
import { useChannelActions } from './use-channels';

const field =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';

/** Adds a channel; secrets are sent once and never shown again (the API does not return them). */
export function ChannelForm() {
  const hydrated = useHydrated();
  const { create } = useChannelActions();
  const [type, setType] = useState<NewChannelInput['type']>('webhook');
  const [events, setEvents] = useState<string[]>(['service.down', 'service.recovered']);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const rule = {
      events: events as NewChannelInput['events'],
      services: s('services')
        ? s('services')
            .split(',')
            .map((x) => x.trim())
        : ['*'],
      labels: Object.fromEntries(
        s('labels')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
          .map((pair) => {
            const at = pair.indexOf('=');
            return at < 0 ? [pair, '*'] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
          }),
      ),
      repeatMinutes: Number(s('repeatMinutes') || 60),
      groupSeconds: Number(s('groupSeconds') || 0),
      degradedMinutes: Number(s('degradedMinutes') || 0),
    };
    const body: NewChannelInput =
      type === 'email'
        ? {
            type,
            name: s('name'),
            url: s('url'),
            from: s('from'),
            to: s('to')
              .split(',')
              .map((x) => x.trim()),
            ...(s('username') ? { username: s('username'), password: s('secret') } : {}),
            ...rule,
          }
        : type === 'webhook'
          ? { type, name: s('name'), url: s('url'), ...(s('secret') ? { secret: s('secret') } : {}), ...rule }
          : { type, name: s('name'), url: s('url'), ...rule };
    create.mutate(body, { onSuccess: () => (e.target as HTMLFormElement).reset() });
  }

  return (
    <form
      onSubmit={submit}
      className="grid max-w-2xl gap-2 rounded-lg border p-4 text-sm"
      aria-label="Add a channel"
    >
      <div className="flex flex-wrap gap-2">
        <select
          className={field}
          value={type}
          onChange={(e) => setType(e.target.value as NewChannelInput['type'])}
          aria-label="Type"
        >
          <option value="webhook">webhook (JSON, signed)</option>
          <option value="slack">Slack-compatible</option>
          <option value="email">e-mail (SMTP)</option>
        </select>
        <input className={field} name="name" placeholder="name" required aria-label="Name" />
        <input
          className={`${field} min-w-72 flex-1`}
          name="url"
          required
          aria-label="URL"
          placeholder={type === 'email' ? 'smtp://mail.example.com:587' : 'https://…'}
        />
      </div>
      {type === 'email' ? (
        <div className="flex flex-wrap gap-2">
          <input className={field} name="from" placeholder="from@example.com" required aria-label="From" />
          <input className={field} name="to" placeholder="to (comma-separated)" required aria-label="To" />
          <input
            className={field}
            name="username"
            placeholder="SMTP user (optional)"
            aria-label="SMTP user"
          />
        </div>
      ) : null}
      {type !== 'slack' ? (
        <input
          className={field}
          name="secret"
          type="password"
          autoComplete="new-password"
          aria-label={type === 'email' ? 'SMTP password' : 'Signing secret'}
          placeholder={type === 'email' ? 'SMTP password' : 'signing secret (16+ characters, optional)'}
        />
      ) : null}
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1" aria-label="Events">
        {notificationEvents.map((ev) => (
          <label key={ev} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={events.includes(ev)}
              onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
            />
            {ev}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <input
          className={field}
          name="services"
          placeholder="services: shop/*, billing/db (default all)"
          aria-label="Services"
        />
        <input
          className={field}
          name="labels"
          placeholder="labels: team=payments, tier (default any)"
          aria-label="Labels"
        />
        <input
          className={`${field} w-28`}
          name="repeatMinutes"
          type="number"
          min={0}
          placeholder="repeat min"
          aria-label="Repeat minutes"
        />
        <input
          className={`${field} w-28`}
          name="groupSeconds"
          type="number"
          min={0}
          placeholder="group s"
          aria-label="Group seconds"
        />
        <input
          className={`${field} w-32`}
          name="degradedMinutes"
          type="number"
          min={0}
          placeholder="degraded ≥ min"
          aria-label="Degraded for at least (minutes)"
        />
        <button
          type="submit"
          className="rounded-md bg-sky-600 px-3 py-1 text-white"
          disabled={create.isPending || !hydrated}
        >
          Add channel
        </button>
      </div>
      {create.error ? <p className="text-red-600">{create.error.message}</p> : null}
    </form>
  );
}
