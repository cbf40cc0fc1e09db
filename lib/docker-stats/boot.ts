import { inventory } from '@/lib/docker/inventory';
import { statsCollector } from './collector';
import { hasThreshold } from './service-stats';

let off: (() => void) | null = null;

/**
 * Services with an `opsdeck.cpu.warn`/`opsdeck.memory.warn` label are sampled whether anyone looks
 * or not: the set follows the service list (a new replica is sampled as soon as the engine says so).
 */
export function startStatsThresholds(): void {
  const inv = inventory();
  const sync = () =>
    statsCollector().setAlways(
      inv
        .services()
        .filter(hasThreshold)
        .flatMap((s) =>
          s.containers.filter((c) => c.state === 'running').map((c) => ({ host: s.host, id: c.id })),
        ),
    );
  sync();
  inv.on('change', sync);
  off = () => inv.off('change', sync);
}

export function stopStatsThresholds(): void {
  off?.();
  off = null;
  statsCollector().stop();
}
