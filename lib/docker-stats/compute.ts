/** The parts of the engine's `/containers/{id}/stats?stream=false` answer that we read. */
export interface EngineStats {
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

export interface StatsSample {
  /** unix seconds */
  t: number;
  /** CPU in cores (1 = one core busy); null when the engine gave no previous reading */
  cpu: number | null;
  /** working set in bytes: usage minus reclaimable page cache */
  memory: number | null;
}

/** CPU and memory from one stats answer, computed the way `docker stats` does. */
export function toSample(s: EngineStats, now = Date.now()): StatsSample {
  const t = Math.floor((s.read && Date.parse(s.read) > 0 ? Date.parse(s.read) : now) / 1000);
  const total = s.cpu_stats?.cpu_usage?.total_usage;
  const prevTotal = s.precpu_stats?.cpu_usage?.total_usage;
  const system = s.cpu_stats?.system_cpu_usage;
  const prevSystem = s.precpu_stats?.system_cpu_usage;
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  let cpu: number | null = null;
  if (total !== undefined && prevTotal !== undefined && system !== undefined && prevSystem !== undefined) {
    const cpuDelta = total - prevTotal;
    const systemDelta = system - prevSystem;
    if (systemDelta > 0 && cpuDelta >= 0) cpu = (cpuDelta / systemDelta) * cpus;
  }
  const usage = s.memory_stats?.usage;
  const stats = s.memory_stats?.stats ?? {};
  // cgroup v2 reports inactive_file, v1 total_inactive_file (docker stats subtracts the same)
  const reclaimable = stats.inactive_file ?? stats.total_inactive_file ?? 0;
  const memory = usage === undefined ? null : Math.max(0, usage - reclaimable);
  return { t, cpu, memory };
}

/** Sums several containers' samples into one series per 10-second bucket. */
export function sumSeries(
  perContainer: readonly StatsSample[][],
  field: 'cpu' | 'memory',
  bucketS = 10,
): [number, number][] {
  const buckets = new Map<number, number>();
  for (const samples of perContainer) {
    for (const s of samples) {
      const v = s[field];
      if (v === null) continue;
      const b = Math.floor(s.t / bucketS) * bucketS;
      buckets.set(b, (buckets.get(b) ?? 0) + v);
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}
