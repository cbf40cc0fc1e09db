'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import type { Matcher } from '@/lib/prometheus/schemas';
import { useSilenceMutations } from './use-alerts';

const durations = ['30m', '1h', '2h', '4h', '8h', '1d', '3d', '7d'];

/** Creates a silence: matchers prefilled from an alert (editable), a duration and a required comment. */
export function SilenceForm({
  initialMatchers,
  serviceId,
  onDone,
}: {
  initialMatchers: Matcher[];
  serviceId?: string | null;
  onDone: () => void;
}) {
  const id = useId();
  const nextKey = useRef(initialMatchers.length);
  // each row keeps a key of its own, so editing or removing one never re-mounts the others
  const [rows, setRows] = useState(() => initialMatchers.map((m, i) => ({ key: i, ...m })));
  const matchers: Matcher[] = rows.map(({ key: _key, ...m }) => m);
  const [duration, setDuration] = useState('2h');
  const [comment, setComment] = useState('');
  const { create } = useSilenceMutations();

  const update = (key: number, patch: Partial<Matcher>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { matchers, duration, comment, ...(serviceId ? { serviceId } : {}) },
      { onSuccess: () => onDone() },
    );
  };

  return (
    <form
      onSubmit={submit}
      data-testid="silence-form"
      className="mt-2 space-y-3 rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"
    >
      <fieldset className="space-y-1.5">
        <legend className="font-medium">Matchers</legend>
        {rows.map((m) => (
          <div key={m.key} className="flex flex-wrap items-center gap-2" data-testid="matcher">
            <input
              aria-label="Label name"
              value={m.name}
              onChange={(e) => update(m.key, { name: e.target.value })}
              className="w-32 rounded border px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            />
            <select
              aria-label="Operator"
              value={`${m.isEqual ? '=' : '!'}${m.isRegex ? '~' : '='}`}
              onChange={(e) =>
                update(m.key, {
                  isEqual: !e.target.value.startsWith('!'),
                  isRegex: e.target.value.endsWith('~'),
                })
              }
              className="rounded border px-1 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            >
              <option value="==">=</option>
              <option value="!=">!=</option>
              <option value="=~">=~</option>
              <option value="!~">!~</option>
            </select>
            <input
              aria-label="Label value"
              value={m.value}
              onChange={(e) => update(m.key, { value: e.target.value })}
              className="min-w-0 flex-1 rounded border px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            />
            <button
              type="button"
              onClick={() => setRows((rs) => rs.filter((r) => r.key !== m.key))}
              className="rounded px-2 py-1 text-xs text-zinc-500 dark:text-zinc-400 hover:bg-zinc-200 dark:hover:bg-zinc-800"
              aria-label={`Remove matcher ${m.name}`}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setRows((rs) => [
              ...rs,
              { key: nextKey.current++, name: '', value: '', isRegex: false, isEqual: true },
            ])
          }
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          + matcher
        </button>
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <label className="space-y-1" htmlFor={`${id}-duration`}>
          <span className="block font-medium">Duration</span>
          <select
            id={`${id}-duration`}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            className="rounded border px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
          >
            {durations.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-0 flex-1 space-y-1 sm:min-w-64" htmlFor={`${id}-comment`}>
          <span className="block font-medium">Comment</span>
          <input
            id={`${id}-comment`}
            required
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="Why, and what is being done"
            className="w-full rounded border px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
      </div>
      {create.error ? (
        <p role="alert" className="text-red-700 dark:text-red-400" data-testid="silence-error">
          {create.error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={create.isPending || matchers.length === 0}
          className="rounded bg-zinc-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {create.isPending ? 'Creating…' : 'Create silence'}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="rounded px-3 py-1.5 hover:bg-zinc-200 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
