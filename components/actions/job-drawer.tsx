'use client';

import { useEffect } from 'react';
import type { Job, JobStatus } from '@/lib/jobs/types';
import { useJobStream } from './use-actions';

const statusStyle: Record<JobStatus, string> = {
  queued: 'bg-zinc-100 text-zinc-700',
  running: 'bg-sky-100 text-sky-800',
  succeeded: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-red-100 text-red-800',
  interrupted: 'bg-amber-100 text-amber-900',
};

const levelStyle = {
  info: '',
  warn: 'text-amber-700 dark:text-amber-400',
  error: 'text-red-700 dark:text-red-400',
};

export interface JobDrawerProps {
  jobId: string | null;
  onClose: () => void;
}

/** A job's live steps, progress and per-target results. Failures stay on screen until closed. */
export function JobDrawer({ jobId, onClose }: JobDrawerProps) {
  const { job, lost } = useJobStream(jobId);
  // Esc closes the drawer, as it does a dialog
  useEffect(() => {
    if (!jobId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [jobId, onClose]);
  if (!jobId) return null;
  return (
    <aside
      aria-label="Job progress"
      data-testid="job-drawer"
      data-status={job?.status ?? 'loading'}
      className="fixed inset-y-0 right-0 z-40 flex w-[min(32rem,100vw)] flex-col border-l border-zinc-200 bg-white shadow-2xl dark:border-zinc-700 dark:bg-zinc-900"
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-700">
        <h2 className="font-semibold">{job ? `${job.kind} by ${job.actor}` : 'Loading job…'}</h2>
        <div className="flex items-center gap-2">
          {job ? (
            <span
              data-testid="job-status"
              className={`rounded px-2 py-0.5 text-xs font-medium ${statusStyle[job.status]}`}
            >
              {job.status}
            </span>
          ) : null}
          <button
            type="button"
            onClick={onClose}
            className="rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            Close
          </button>
        </div>
      </header>
      {lost ? (
        <p role="status" className="bg-amber-50 px-4 py-2 text-xs text-amber-900">
          Live updates lost; reconnecting. What is shown is the last state received.
        </p>
      ) : null}
      {job ? <JobBody job={job} /> : null}
    </aside>
  );
}

function JobBody({ job }: { job: Job }) {
  const pct = Math.round(job.progress * 100);
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4 text-sm">
      <div>
        <div
          role="progressbar"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          className="h-2 overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800"
        >
          <div
            className={`h-full ${job.status === 'failed' ? 'bg-red-500' : 'bg-sky-700'}`}
            style={{ width: `${pct}%` }}
          />
        </div>
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {pct}%
          {job.progressDetail
            ? ` · ${job.progressDetail.done} of ${job.progressDetail.total} ${job.progressDetail.unit}`
            : ''}
        </p>
      </div>
      {job.error ? (
        <p
          role="alert"
          data-testid="job-error"
          className="rounded bg-red-50 px-3 py-2 text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {job.error}
        </p>
      ) : null}
      {job.results.length > 0 ? (
        <table className="w-full text-left text-xs" data-testid="job-results">
          <thead className="text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="py-1 font-medium">Target</th>
              <th className="py-1 font-medium">Result</th>
            </tr>
          </thead>
          <tbody>
            {job.results.map((r) => (
              <tr
                key={`${r.target}|${r.ok}|${r.message}`}
                className="border-t border-zinc-100 dark:border-zinc-800"
              >
                <td className="py-1 pr-2 font-mono">{r.target}</td>
                <td
                  className={`py-1 ${r.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
                >
                  {r.ok ? 'ok' : 'failed'}: {r.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ol className="flex flex-col gap-1" data-testid="job-steps">
        {job.steps.map((s) => (
          <li key={`${s.at}|${s.message}`} className={`flex gap-2 ${levelStyle[s.level ?? 'info']}`}>
            <time dateTime={s.at} className="shrink-0 font-mono text-xs text-zinc-500 dark:text-zinc-400">
              {s.at.slice(11, 19)}
            </time>
            <span className="break-words">{s.message}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
