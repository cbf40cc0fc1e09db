'use client';

import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Connection } from '@/components/live/use-live-services';
import type { SourceStatus } from '@/lib/docker/types';
import type { WallService } from '@/lib/live/schemas';
import { tileDataAge } from './tile-age';
import { fitWall } from './wall-layout';
import { WallTile } from './wall-tile';

const GAP = 12;

/**
 * The tiles, worst first, filling exactly the room left under the header: 8 services get big tiles,
 * 80 get small ones (dense mode), and the page never scrolls.
 */
export function WallGrid({
  services,
  connection,
  docker,
  now,
}: {
  services: WallService[];
  connection: Connection;
  docker: Pick<SourceStatus, 'status' | 'lastOkAt'> | undefined;
  now: number;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [box, setBox] = useState({ width: 1600, height: 700 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const longest = useMemo(() => services.reduce((m, s) => Math.max(m, s.name.length), 0), [services]);
  const layout = fitWall(services.length, box.width, box.height, GAP, longest);
  return (
    <ul
      ref={ref}
      className="grid min-h-0 flex-1 overflow-hidden"
      style={{
        gap: GAP,
        gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`,
      }}
      data-testid="wall-services"
      data-density={layout.dense ? 'dense' : 'normal'}
    >
      {services.map((s) => (
        <WallTile key={s.id} service={s} layout={layout} ageMs={tileDataAge(s, connection, docker, now)} />
      ))}
    </ul>
  );
}
