import { liveInventory } from '@/lib/services/runtime';
import { db } from '@/lib/store/db';

export interface Readiness {
  ready: boolean;
  reasons: { code: string; message: string }[];
  docker: ReturnType<ReturnType<typeof liveInventory>['source']>;
}

export async function readiness(): Promise<Readiness> {
  const reasons: Readiness['reasons'] = [];
  try {
    db().prepare('SELECT 1').get();
  } catch (err) {
    reasons.push({ code: 'store_unavailable', message: `Store not open: ${String(err)}` });
  }
  const inv = liveInventory();
  await inv.ready(2000);
  const docker = inv.source();
  if (docker.status !== 'ok') {
    reasons.push({ code: 'docker_unreachable', message: docker.error ?? 'Docker engine not reachable yet' });
  }
  return { ready: reasons.length === 0, reasons, docker };
}
