import { LastVerifiedRestore } from '@/components/backups/backup-state';
import { formatAge } from '@/components/ui/relative-time';
import type { WallService } from '@/lib/live/schemas';
import type { WallLayout } from './wall-layout';

const tone = {
  down: 'border-red-500 bg-red-950/60',
  degraded: 'border-amber-500 bg-amber-950/40',
  unknown: 'border-zinc-500 bg-zinc-900',
  healthy: 'border-emerald-700/60 bg-zinc-900',
} as const satisfies Record<WallService['status'], string>;

const statusTone = {
  down: 'bg-red-600 text-white',
  degraded: 'bg-amber-500 text-zinc-950',
  unknown: 'bg-zinc-500 text-white',
  healthy: 'bg-emerald-700 text-white',
} as const satisfies Record<WallService['status'], string>;

const queueTone = {
  ok: 'text-zinc-300',
  warn: 'text-amber-300',
  critical: 'text-red-300',
  // zinc-500 on the tile's zinc-900 is 3.9:1, under WCAG AA's 4.5:1 (axe in e2e/a11y.spec.ts caught it)
  unknown: 'text-zinc-400',
} as const;

/**
 * One service on the wall: the stack as a small line, the full name (shrunk by the layout, wrapped
 * when even that is not enough, never cut), status, replicas, queue, alerts and how old this tile's
 * data is. Names and reasons are engine text: rendered as text only. No action, ever.
 */
export function WallTile({
  service: s,
  layout,
  ageMs,
}: {
  service: WallService;
  layout: WallLayout;
  ageMs: number | null;
}) {
  return (
    <li
      data-testid="wall-service"
      data-status={s.status}
      data-service={`${s.stack}/${s.name}`}
      className={`flex min-h-0 min-w-0 flex-col justify-center overflow-hidden rounded-xl border-2 ${tone[s.status]}`}
      style={{ padding: layout.pad, gap: layout.dense ? 1 : layout.pad / 2 }}
    >
      {s.stack ? (
        <p className="shrink-0 truncate leading-tight text-zinc-400" style={{ fontSize: layout.smallFont }}>
          {s.stack}
        </p>
      ) : null}
      <p
        className="shrink-0 font-semibold leading-tight [overflow-wrap:anywhere]"
        style={{ fontSize: layout.nameFont }}
        data-testid="wall-service-name"
      >
        {s.name}
      </p>
      <div
        className="flex shrink-0 flex-wrap items-baseline gap-x-3 leading-tight tabular-nums"
        style={{ fontSize: layout.smallFont }}
      >
        <span className={`rounded px-1.5 font-semibold uppercase ${statusTone[s.status]}`}>{s.status}</span>
        <span>
          {s.replicas.running}/{s.replicas.desired} up
        </span>
        {s.queue ? (
          <span className={queueTone[s.queue.level]} data-testid="wall-queue">
            queue {s.queue.value ?? 'unknown'}
          </span>
        ) : null}
        {s.alerts.firing > 0 ? (
          <span className="rounded bg-red-600 px-1.5 text-white" data-testid="wall-alerts">
            {s.alerts.firing} alert{s.alerts.firing > 1 ? 's' : ''}
          </span>
        ) : null}
        <span className="ml-auto text-zinc-400" data-testid="wall-tile-age">
          {ageMs === null ? 'age unknown' : formatAge(ageMs)}
        </span>
      </div>
      {!layout.dense && s.status !== 'healthy' && s.reasons[0] ? (
        <p className="shrink-0 truncate leading-tight text-zinc-300" style={{ fontSize: layout.smallFont }}>
          {s.reasons[0].message}
        </p>
      ) : null}
      {!layout.dense && (s.backup.lastVerifiedAt || s.backup.lastAt) ? (
        <span className="block shrink-0 truncate leading-tight" style={{ fontSize: layout.smallFont }}>
          <LastVerifiedRestore backup={s.backup} onDark />
        </span>
      ) : null}
    </li>
  );
}
