import { inventory } from '@/lib/docker/inventory';
import { startProber, stopProber } from './runner';
import { registerProbeSource } from './source';

let off: (() => void) | null = null;

/** Starts polling the declared probes; the target list follows the service list. */
export function startProbes(): void {
  const inv = inventory();
  const p = startProber(() => inv.services());
  registerProbeSource();
  const resync = () => p.sync();
  inv.on('change', resync);
  off = () => inv.off('change', resync);
}

export function stopProbes(): void {
  off?.();
  off = null;
  stopProber();
}
