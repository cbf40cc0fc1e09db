import { type Level, levelStroke } from './format';

/** A tiny inline-SVG trend line; no axes, for table cells. */
export function Sparkline({
  points,
  level = 'ok',
  width = 64,
  height = 18,
}: {
  points: readonly (readonly [number, number])[];
  level?: Level;
  width?: number;
  height?: number;
}) {
  if (points.length < 2)
    return <span className="inline-block" style={{ width, height }} aria-hidden="true" />;
  const path = toPath(points, width, height, 1);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      className="overflow-visible"
    >
      <path d={path} fill="none" strokeWidth={1.5} className={levelStroke[level]} />
    </svg>
  );
}

/** An SVG path through the points, scaled to the box (y grows downwards). */
export function toPath(
  points: readonly (readonly [number, number])[],
  width: number,
  height: number,
  pad: number,
  yRange?: { min: number; max: number },
): string {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = yRange?.min ?? Math.min(...ys);
  const y1 = yRange?.max ?? Math.max(...ys);
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
}
