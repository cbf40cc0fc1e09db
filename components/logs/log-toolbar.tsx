import { type LogLevel, type LogStream, logLevels } from '@/lib/logs/types';
import type { TimeMode } from './log-row';

export interface ToolbarState {
  levels: LogLevel[];
  stream: LogStream | null;
  container: string | null;
  search: string;
  wrap: boolean;
  timeMode: TimeMode;
}

interface Props {
  state: ToolbarState;
  onChange: (patch: Partial<ToolbarState>) => void;
  replicas: string[];
  searchError: string | null;
}

const chip = (on: boolean) =>
  `rounded-full border px-2.5 py-0.5 text-xs ${on ? 'border-sky-600 bg-sky-700 text-white' : 'border-zinc-300 text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800'}`;

/** Filters of the viewer: level chips, regex search, replica and stream, wrap and time format. */
export function LogToolbar({ state, onChange, replicas, searchError }: Props) {
  const toggleLevel = (level: LogLevel) =>
    onChange({
      levels: state.levels.includes(level)
        ? state.levels.filter((l) => l !== level)
        : [...state.levels, level],
    });
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <fieldset className="flex flex-wrap items-center gap-1" aria-label="Levels">
        {logLevels.map((level) => (
          <button
            key={level}
            type="button"
            aria-pressed={state.levels.includes(level)}
            className={chip(state.levels.includes(level))}
            onClick={() => toggleLevel(level)}
          >
            {level}
          </button>
        ))}
      </fieldset>
      <label className="flex min-w-0 items-center gap-1">
        <span className="sr-only">Search (regular expression)</span>
        <input
          type="search"
          data-search
          aria-keyshortcuts="/"
          value={state.search}
          placeholder="Search (regex)"
          aria-invalid={searchError !== null}
          title={searchError ? `Not a valid regex (${searchError}); searching the plain text` : undefined}
          className={`w-full min-w-0 rounded-md sm:w-56 border bg-transparent px-2 py-1 ${searchError ? 'border-amber-500' : 'border-zinc-300 dark:border-zinc-700'}`}
          onChange={(e) => onChange({ search: e.target.value })}
        />
      </label>
      <select
        aria-label="Replica"
        value={state.container ?? ''}
        className="max-w-full rounded-md border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
        onChange={(e) => onChange({ container: e.target.value || null })}
      >
        <option value="">all replicas</option>
        {replicas.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select
        aria-label="Stream"
        value={state.stream ?? ''}
        className="max-w-full rounded-md border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
        onChange={(e) => onChange({ stream: e.target.value === '' ? null : (e.target.value as LogStream) })}
      >
        <option value="">stdout + stderr</option>
        <option value="stdout">stdout</option>
        <option value="stderr">stderr</option>
      </select>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={state.wrap} onChange={(e) => onChange({ wrap: e.target.checked })} />
        wrap
      </label>
      <button
        type="button"
        className={chip(state.timeMode === 'absolute')}
        onClick={() => onChange({ timeMode: state.timeMode === 'relative' ? 'absolute' : 'relative' })}
      >
        {state.timeMode === 'relative' ? 'relative time' : 'absolute time'}
      </button>
    </div>
  );
}
