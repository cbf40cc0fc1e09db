'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import type { AlertView } from '@/lib/prometheus/schemas';
import { prefillMatchers } from './group-alerts';
import { SilenceForm } from './silence-form';

/** One alert. Its labels and annotations come from rules and targets: rendered as text only. */
export function AlertItem({ alert, canSilence }: { alert: AlertView; canSilence: boolean }) {
  const [silencing, setSilencing] = useState(false);
  const { summary, description, ...otherAnnotations } = alert.annotations;
  const labels = Object.entries(alert.labels).filter(([k]) => k !== 'alertname' && k !== 'severity');
  return (
    <li
      data-testid="alert"
      data-alert={alert.name}
      data-state={alert.state}
      className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="break-all font-medium">{alert.name}</span>
        <span
          className={`rounded px-1.5 py-0.5 text-xs ${
            alert.state === 'firing'
              ? 'bg-red-600 text-white'
              : 'bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-300'
          }`}
        >
          {alert.state}
        </span>
        {alert.silencedBy.length > 0 ? (
          <span
            data-testid="silenced"
            className="rounded bg-zinc-200 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
            title={`silenced by ${alert.silencedBy.join(', ')}`}
          >
            silenced
          </span>
        ) : null}
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          since <RelativeTime iso={alert.startsAt} suffix="" />
        </span>
        {canSilence && !silencing ? (
          <button
            type="button"
            onClick={() => setSilencing(true)}
            className="ml-auto rounded border px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Silence…
          </button>
        ) : null}
      </div>
      {summary ? (
        <p className="mt-1 text-sm" data-testid="alert-summary">
          {summary}
        </p>
      ) : null}
      {description ? <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      {Object.keys(otherAnnotations).length > 0 ? (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
          {Object.entries(otherAnnotations).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono">{k}</dt>
              <dd className="break-words">{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {labels.length > 0 ? (
        <p className="mt-1 flex flex-wrap gap-1">
          {labels.map(([k, v]) => (
            <span
              key={k}
              className="break-all rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
            >
              {k}={v}
            </span>
          ))}
        </p>
      ) : null}
      {silencing ? (
        <SilenceForm
          initialMatchers={prefillMatchers(alert.labels)}
          serviceId={alert.serviceId}
          onDone={() => setSilencing(false)}
        />
      ) : null}
    </li>
  );
}
