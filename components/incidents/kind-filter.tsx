'use client';

import { type IncidentKind, incidentKinds } from '@/lib/services/schemas';

/** Toggles which kinds are shown; none selected means all. */
export function KindFilter({
  value,
  onChange,
}: {
  value: IncidentKind[];
  onChange: (v: IncidentKind[]) => void;
}) {
  return (
    <fieldset className="flex flex-wrap gap-1 text-xs" aria-label="Kinds">
      {incidentKinds.map((k) => {
        const on = value.includes(k);
        return (
          <button
            key={k}
            type="button"
            aria-pressed={on}
            onClick={() => onChange(on ? value.filter((x) => x !== k) : [...value, k])}
            className={`rounded-full border px-2 py-0.5 ${on ? 'border-sky-500 bg-sky-50 text-sky-800 dark:bg-sky-500/10 dark:text-sky-200' : 'border-zinc-300 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400'}`}
          >
            {k}
          </button>
        );
      })}
    </fieldset>
  );
}
