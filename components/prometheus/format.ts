/** Compact numbers for cells and axes: 1234 → "1.2k"; small rates keep 2 significant digits. */
export function formatNumber(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${trim(v / 1e9)}G`;
  if (abs >= 1e6) return `${trim(v / 1e6)}M`;
  if (abs >= 1e4) return `${trim(v / 1e3)}k`;
  if (abs >= 100 || Number.isInteger(v)) return String(Math.round(v));
  return String(Number(v.toPrecision(2)));
}

export function formatBytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = v;
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${trim(n)} ${units[i]}`;
}

export function formatCores(v: number): string {
  return v < 1 ? `${Math.round(v * 1000)}m` : `${trim(v)} cores`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(n >= 100 ? 0 : 1)));
}

export type Level = 'ok' | 'warn' | 'critical' | 'unknown';

export const levelTone: Record<Level, string> = {
  critical: 'bg-red-100 text-red-800 dark:bg-red-500/20 dark:text-red-300',
  warn: 'bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-300',
  unknown: 'bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400',
  ok: 'text-zinc-700 dark:text-zinc-300',
};

export const levelStroke: Record<Level, string> = {
  critical: 'stroke-red-500',
  warn: 'stroke-amber-500',
  unknown: 'stroke-zinc-400',
  ok: 'stroke-sky-500',
};
