import type { AuditEntry } from '@/lib/audit/schemas';

/** Plain text cells only: actors, targets and parameters can carry anything a client sent. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No entries.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <thead className="bg-zinc-100 text-xs uppercase text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {[
              '#',
              'Time (UTC)',
              'Actor',
              'Address',
              'Action',
              'Target',
              'Result',
              'Parameters',
              'Request',
            ].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((e) => (
            <tr key={e.seq} className="align-top">
              <td className="px-3 py-2 tabular-nums">{e.seq}</td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                {e.at.replace('T', ' ').slice(0, 19)}
              </td>
              <td className="px-3 py-2">
                {e.actor} <span className="text-xs text-zinc-500 dark:text-zinc-400">({e.actorKind})</span>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.address}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="max-w-48 break-all px-3 py-2">{e.target ?? '—'}</td>
              <td className={`px-3 py-2 ${e.result === 'ok' ? '' : 'text-red-700 dark:text-red-400'}`}>
                {e.result}
              </td>
              <td className="max-w-80 px-3 py-2">
                <code className="block max-h-24 overflow-auto whitespace-pre-wrap break-all text-xs">
                  {JSON.stringify(e.params)}
                </code>
              </td>
              <td className="px-3 py-2 font-mono text-xs text-zinc-500 dark:text-zinc-400">
                {e.requestId.slice(0, 8)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
