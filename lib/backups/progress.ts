import type { JobContext } from '@/lib/jobs/engine';

const EVERY_MS = 200;

/** Byte progress for a job, at most every 200 ms (a chunk arrives every few hundred µs). */
export function byteProgress(ctx: JobContext, total: number | null) {
  let last = 0;
  let done = 0;
  return {
    add(bytes: number): void {
      done += bytes;
      const now = Date.now();
      if (now - last < EVERY_MS) return;
      last = now;
      const t = total && total > 0 ? Math.max(total, done) : 0;
      // never 1 before the job says so: the manifest and the rename come after the bytes
      ctx.progress(t > 0 ? Math.min(done / t, 0.99) : 0, { done, total: t, unit: 'bytes' });
    },
    get done(): number {
      return done;
    },
  };
}

/** `onBytes` callbacks report a running total; this turns them into increments. */
export function deltas(add: (n: number) => void): (total: number) => void {
  let seen = 0;
  return (total) => {
    add(total - seen);
    seen = total;
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
