/** The parts of one `/containers/{id}/stats` document that we read (one per line of the stream). */
export interface EngineStats {
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
}

export interface StatsSample {
  /** unix seconds */
  t: number;
  /** CPU in cores (1 = one core busy); null when the engine gave no previous reading */
  cpu: number | null;
  /** working set in bytes: usage minus reclaimable page cache */
  memory: number | null;
  /** the container's memory limit (the host's memory when it has none) */
  memoryLimit?: number | null;
  /** bytes per second since the previous document of the same stream; null on the first */
  netRx?: number | null;
  netTx?: number | null;
  blockRead?: number | null;
  blockWrite?: number | null;
}

/** Cumulative counters of one document, kept to turn the next one into rates. */
export interface Counters {
  atMs: number;
  rx: number | null;
  tx: number | null;
  read: number | null;
  write: number | null;
}

function readAtMs(s: EngineStats, now: number): number {
  const parsed = s.read ? Date.parse(s.read) : Number.NaN;
  return parsed > 0 ? parsed : now;
}

export function countersOf(s: EngineStats, now = Date.now()): Counters {
  let rx: number | null = null;
  let tx: number | null = null;
  for (const n of Object.values(s.networks ?? {})) {
    rx = (rx ?? 0) + (n.rx_bytes ?? 0);
    tx = (tx ?? 0) + (n.tx_bytes ?? 0);
  }
  let read: number | null = null;
  let write: number | null = null;
  const io = s.blkio_stats?.io_service_bytes_recursive;
  if (Array.isArray(io)) {
    read = 0;
    write = 0;
    // cgroup v1 says `Read`/`Write`, v2 `read`/`write`
    for (const e of io) {
      const op = e.op?.toLowerCase();
      if (op === 'read') read += e.value ?? 0;
      else if (op === 'write') write += e.value ?? 0;
    }
  }
  return { atMs: readAtMs(s, now), rx, tx, read, write };
}

/**
 * One sample, computed the way `docker stats` does: CPU from this document's cpu vs precpu, memory
 * as the working set, and network/block IO as rates against the previous document's counters.
 */
export function toSample(s: EngineStats, now = Date.now(), prev?: Counters): StatsSample {
  const t = Math.floor(readAtMs(s, now) / 1000);
  const total = s.cpu_stats?.cpu_usage?.total_usage;
  const prevTotal = s.precpu_stats?.cpu_usage?.total_usage;
  const system = s.cpu_stats?.system_cpu_usage;
  const prevSystem = s.precpu_stats?.system_cpu_usage;
  const cpus = s.cpu_stats?.online_cpus || s.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  let cpu: number | null = null;
  // the first document of a stream has an empty precpu (zeros): no delta yet
  if (total !== undefined && prevTotal && system !== undefined && prevSystem) {
    const cpuDelta = total - prevTotal;
    const systemDelta = system - prevSystem;
    if (systemDelta > 0 && cpuDelta >= 0) cpu = (cpuDelta / systemDelta) * cpus;
  }
  const usage = s.memory_stats?.usage;
  const stats = s.memory_stats?.stats ?? {};
  // cgroup v2 reports inactive_file, v1 total_inactive_file (docker stats subtracts the same)
  const reclaimable = stats.inactive_file ?? stats.total_inactive_file ?? 0;
  const memory = usage === undefined ? null : Math.max(0, usage - reclaimable);
  const memoryLimit = s.memory_stats?.limit || null;
  const sample: StatsSample = { t, cpu, memory };
  if (memoryLimit !== null) sample.memoryLimit = memoryLimit;
  if (prev) {
    const cur = countersOf(s, now);
    const seconds = (cur.atMs - prev.atMs) / 1000;
    const rate = (a: number | null, b: number | null) =>
      a === null || b === null || seconds <= 0 || a < b ? null : (a - b) / seconds;
    sample.netRx = rate(cur.rx, prev.rx);
    sample.netTx = rate(cur.tx, prev.tx);
    sample.blockRead = rate(cur.read, prev.read);
    sample.blockWrite = rate(cur.write, prev.write);
  }
  return sample;
}

/** Sums several containers' samples into one series per 10-second bucket (one sample per container and bucket). */
export function sumSeries(
  perContainer: readonly StatsSample[][],
  field: 'cpu' | 'memory',
  bucketS = 10,
): [number, number][] {
  const buckets = new Map<number, number>();
  for (const samples of perContainer) {
    const last = new Map<number, number>();
    for (const s of samples) {
      const v = s[field];
      if (v === null) continue;
      last.set(Math.floor(s.t / bucketS) * bucketS, v);
    }
    for (const [b, v] of last) buckets.set(b, (buckets.get(b) ?? 0) + v);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}
