'use client';

import { useState } from 'react';
import { ChannelForm } from './channel-form';
import { useChannelActions, useChannels } from './use-channels';

/** Admins' notification channels: what goes where, a "send test" per channel, add and remove. */
export function ChannelsView() {
  const channels = useChannels();
  const { remove, test } = useChannelActions();
  const [results, setResults] = useState<Record<string, string>>({});
  const sendTest = (id: string) =>
    test.mutate(id, {
      onSuccess: (r) =>
        setResults((x) => ({ ...x, [id]: `${r.ok ? 'delivered' : 'failed'}: ${r.detail} (${r.ms} ms)` })),
      onError: (e) => setResults((x) => ({ ...x, [id]: `failed: ${e.message}` })),
    });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Notifications</h1>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        What Opsdeck itself sees — a service down or recovered, a failed job or backup, an automatic rollback,
        the engine or Prometheus unreachable. Prometheus alerts are Alertmanager&apos;s to send. Every send
        and failure is on the service&apos;s timeline.
      </p>
      {channels.error ? <p className="text-sm text-red-600">{channels.error.message}</p> : null}
      <table className="w-full text-left text-sm" data-testid="channels">
        <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="py-1">Name</th>
            <th>Type</th>
            <th>Target</th>
            <th>Events</th>
            <th>Services</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(channels.data?.channels ?? []).map((c) => (
            <tr key={c.id} className="border-t align-top" data-testid="channel-row">
              <td className="py-1 font-medium">{c.name}</td>
              <td>{c.type}</td>
              <td className="break-all font-mono text-xs">
                {c.type === 'email' ? `${c.url} → ${(c.to ?? []).join(', ')}` : c.url}
              </td>
              <td className="text-xs">{c.events.join(', ')}</td>
              <td className="text-xs">
                {c.services.join(', ')}
                {Object.keys(c.labels).length > 0
                  ? ` · ${Object.entries(c.labels)
                      .map(([k, v]) => (v === '*' ? k : `${k}=${v}`))
                      .join(', ')}`
                  : ''}
              </td>
              <td className="space-x-2 whitespace-nowrap text-right">
                <button
                  type="button"
                  className="rounded border px-2 py-0.5 text-xs"
                  onClick={() => sendTest(c.id)}
                >
                  Send test
                </button>
                {c.provisioned ? (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">from OPSDECK_CONFIG</span>
                ) : (
                  <button
                    type="button"
                    className="rounded border px-2 py-0.5 text-xs text-red-700"
                    onClick={() => remove.mutate(c.id)}
                  >
                    Remove
                  </button>
                )}
                {results[c.id] ? (
                  <div className="mt-1 text-xs" data-testid="test-result">
                    {results[c.id]}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ChannelForm />
    </div>
  );
}
