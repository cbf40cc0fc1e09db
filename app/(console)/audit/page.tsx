import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePrincipal } from '@/app/_lib/auth';
import { listAudit, verifyAudit } from '@/lib/audit/query';
import { auditQuery } from '@/lib/audit/schemas';
import { AuditTable } from './audit-table';

export const metadata: Metadata = { title: 'Audit' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

const field =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950';

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const { allowed } = await requirePrincipal('admin', '/audit');
  if (!allowed) {
    return <p className="p-6 text-sm">The audit log is for admins.</p>;
  }
  const flat = Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const parsed = auditQuery.safeParse(flat);
  const filters = parsed.success ? parsed.data : {};
  const { entries, nextBefore } = listAudit({ ...filters, limit: filters.limit ?? 100 });
  const chain = verifyAudit();
  const nextQuery = new URLSearchParams({ ...flat, before: String(nextBefore ?? '') });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-xl font-bold tracking-tight">Audit log</h1>
        <p
          role="status"
          className={`rounded-md px-3 py-1 text-sm ${chain.ok ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200'}`}
        >
          {chain.ok
            ? `Hash chain verified: ${chain.entries} entries intact`
            : `Hash chain BROKEN at entry #${chain.firstBadSeq} (of ${chain.entries}): the log was altered`}
        </p>
      </div>
      {!parsed.success && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Some filters were invalid and were ignored.
        </p>
      )}
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        {(['actor', 'action', 'target'] as const).map((name) => (
          <label key={name} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {name}
            <input name={name} defaultValue={flat[name] ?? ''} className={`${field} block`} />
          </label>
        ))}
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          since (ISO time)
          <input name="since" defaultValue={flat.since ?? ''} className={`${field} block`} />
        </label>
        <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white">
          Filter
        </button>
      </form>
      <AuditTable entries={entries} />
      {nextBefore !== null && (
        <Link href={`/audit?${nextQuery}`} className="text-sm text-sky-700 underline dark:text-sky-400">
          Older entries
        </Link>
      )}
    </div>
  );
}
