import { formatBytes } from '@/components/prometheus/format';

/** CPU as `docker stats` shows it: percent of one core (150% = one and a half cores busy). */
export function formatPercent(v: number | null): string {
  if (v === null) return '—';
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}%`;
}

export function formatRate(v: number | null): string {
  return v === null ? '—' : `${formatBytes(v)}/s`;
}

/** `45 MiB / 512 MiB`; the limit is left out when there is none known. */
export function formatMemory(used: number | null, limit: number | null): string {
  if (used === null) return '—';
  return limit ? `${formatBytes(used)} / ${formatBytes(limit)}` : formatBytes(used);
}
