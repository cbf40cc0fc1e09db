import { type Level, levelStroke } from './format';
import { toPath } from './sparkline';

export interface Threshold {
  value: number;
  level: Exclude<Level, 'ok' | 'unknown'>;
}

const W = 320;
const H = 120;
const PAD = 6;

/** A small inline-SVG line chart with its latest value, min/max and optional threshold lines. */
export function LineChart({
  title,
  points,
  format,
  thresholds = [],
  note,
  testId,
}: {
  title: string;
  points: readonly (readonly [number, number])[];
  format: (v: number) => string;
  thresholds?: Threshold[];
  /** shown under the chart, e.g. where the data comes from or why there is none */
  note?: string;
  testId?: string;
}) {
  const ys = points.map((p) => p[1]);
  const last = ys.at(-1);
  const min = Math.min(0, ...ys, ...thresholds.map((t) => t.value));
  const max = Math.max(...ys, ...thresholds.map((t) => t.value), min + 1e-9);
  const yOf = (v: number) => H - PAD - ((v - min) / (max - min || 1)) * (H - 2 * PAD);
  return (
    <figure
      data-testid={testId}
      className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      aria-label={`${title}: ${last === undefined ? 'no data' : format(last)}`}
    >
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{title}</span>
        <span className="font-mono tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
          {last === undefined ? 'no data' : format(last)}
        </span>
      </figcaption>
      {points.length >= 2 ? (
        <svg
          viewBox={`0 0 ${W} ${H}`}
          className="mt-2 h-28 w-full"
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          {thresholds.map((t) => (
            <line
              key={t.level}
              x1={0}
              x2={W}
              y1={yOf(t.value)}
              y2={yOf(t.value)}
              strokeDasharray="4 3"
              strokeWidth={1}
              className={levelStroke[t.level]}
            />
          ))}
          <path
            d={toPath(points, W, H, PAD, { min, max })}
            fill="none"
            strokeWidth={1.5}
            className={levelStroke.ok}
          />
        </svg>
      ) : (
        <p className="mt-2 flex h-28 items-center justify-center text-xs text-zinc-500 dark:text-zinc-400">
          Not enough data yet
        </p>
      )}
      <p className="mt-1 flex justify-between text-xs text-zinc-500 dark:text-zinc-400">
        <span>{points.length ? `min ${format(Math.min(...ys))} · max ${format(Math.max(...ys))}` : ''}</span>
        {note ? <span>{note}</span> : null}
      </p>
    </figure>
  );
}
