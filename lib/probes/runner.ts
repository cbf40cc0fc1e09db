import { env } from '@/lib/config/env';
import type { DockerService } from '@/lib/docker/types';
import { logger } from '@/lib/log/logger';
import { loadMappingConfig } from '@/lib/prometheus/config-file';
import { recordIncident } from '@/lib/services/incidents';
import { notifySourceChanged } from '@/lib/services/sources';
import { probeMetrics } from './metrics';
import { type ProbeResult, probeOnce } from './probe-once';
import { ProbePolicy, type ProbeSpec, probeSpecs } from './targets';

export interface ProbeState {
  serviceId: string;
  service: string;
  spec: ProbeSpec;
  /**
   * The replicas (container names) this probe answers for: one probe per distinct address, so
   * replicas whose labels give each its own URL are probed one by one, and replicas sharing an
   * address (host network, one port) share one probe. Empty when it came from service labels alone.
   */
  replicas: string[];
  /** whether the replicas of this kind of probe have addresses of their own (then reasons name them) */
  perReplica: boolean;
  nextAt: number;
  running: boolean;
  last: ProbeResult | null;
}

export interface ProberOptions {
  services: () => DockerService[];
  concurrency?: number;
  allow?: string;
  tickMs?: number;
}

const TICK_MS = 250;

/**
 * Where a service's probes come from: each running replica's own labels (so a replica with its own
 * address is probed on its own), or the service's labels when none runs; OPSDECK_CONFIG overrides
 * win, as for every `opsdeck.*` label.
 */
function probeSources(svc: DockerService): { replica: string | null; labels: Record<string, string> }[] {
  const overrides = loadMappingConfig().services[`${svc.stack}/${svc.name}`] ?? {};
  const running = svc.containers.filter((c) => c.state === 'running');
  if (running.length === 0) return [{ replica: null, labels: { ...svc.labels, ...overrides } }];
  return running.map((c) => ({ replica: c.name, labels: { ...c.labels, ...overrides } }));
}

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

/** The reason line of a failing probe: what it answered and how long it took. */
export function describeResult(
  p: Pick<ProbeState, 'spec' | 'replicas' | 'perReplica'>,
  r: ProbeResult,
): string {
  const of = p.perReplica ? ` (replica ${p.replicas.join(', ')})` : '';
  return `${p.spec.kind} probe ${p.spec.url}${of} ${r.detail} in ${fmtMs(r.latencyMs)}`;
}

/**
 * Polls every declared probe at its interval, at most `concurrency` in flight (a slow target delays
 * no other beyond that bound), keeps the last result per probe, and puts each change of outcome on
 * the service's timeline. Targets come only from labels and OPSDECK_CONFIG, checked by ProbePolicy.
 */
export class Prober {
  readonly probes = new Map<string, ProbeState>();
  readonly errors = new Map<string, string[]>();
  private readonly byService = new Map<string, ProbeState[]>();
  private readonly policy: ProbePolicy;
  private readonly concurrency: number;
  private inFlight = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: ProberOptions) {
    this.policy = new ProbePolicy(options.allow);
    this.concurrency = options.concurrency ?? 16;
  }

  /** Re-reads the targets from the service list (labels or config changed, services came or went). */
  sync(): void {
    const seen = new Set<string>();
    this.errors.clear();
    for (const svc of this.options.services()) {
      const errors = new Set<string>();
      // one probe per (kind, URL): the replicas that share it are listed on it
      const targets = new Map<string, { spec: ProbeSpec; replicas: string[] }>();
      for (const source of probeSources(svc)) {
        const found = probeSpecs(source.labels, this.policy);
        for (const e of found.errors) errors.add(e);
        for (const spec of found.specs) {
          const key = `${svc.id}|${spec.kind}|${spec.url}`;
          const target = targets.get(key) ?? { spec, replicas: [] };
          if (source.replica) target.replicas.push(source.replica);
          targets.set(key, target);
        }
      }
      if (errors.size) this.errors.set(svc.id, [...errors]);
      const kinds = [...targets.values()].map((t) => t.spec.kind);
      for (const [key, { spec, replicas }] of targets) {
        seen.add(key);
        const perReplica = kinds.filter((k) => k === spec.kind).length > 1;
        const existing = this.probes.get(key);
        if (existing) {
          existing.spec = spec;
          existing.replicas = replicas.sort();
          existing.perReplica = perReplica;
          continue;
        }
        this.probes.set(key, {
          serviceId: svc.id,
          service: `${svc.stack}/${svc.name}`,
          spec,
          replicas: replicas.sort(),
          perReplica,
          // spread the first round over one interval so 200 services do not fire in the same tick
          nextAt: Date.now() + Math.floor(Math.random() * Math.min(spec.intervalMs, 2000)),
          running: false,
          last: null,
        });
      }
    }
    for (const key of this.probes.keys()) if (!seen.has(key)) this.probes.delete(key);
    this.byService.clear();
    for (const p of this.probes.values()) {
      const list = this.byService.get(p.serviceId) ?? [];
      list.push(p);
      this.byService.set(p.serviceId, list);
    }
  }

  /** The probes of one service (one per kind and distinct address). */
  probesOf(serviceId: string): readonly ProbeState[] {
    return this.byService.get(serviceId) ?? [];
  }

  start(): void {
    this.sync();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const now = Date.now();
    for (const p of this.probes.values()) {
      if (this.inFlight >= this.concurrency) return;
      if (p.running || p.nextAt > now) continue;
      p.running = true;
      this.inFlight++;
      probeMetrics().inFlight.inc();
      void probeOnce(p.spec)
        .then((r) => this.settle(p, r))
        .catch((err) => logger().error({ err }, 'probe failed unexpectedly'))
        .finally(() => {
          p.running = false;
          p.nextAt = Date.now() + p.spec.intervalMs;
          this.inFlight--;
          probeMetrics().inFlight.dec();
        });
    }
  }

  private settle(p: ProbeState, r: ProbeResult): void {
    const before = p.last;
    p.last = r;
    probeMetrics()
      .latency.labels(p.spec.kind, p.service, r.ok ? 'ok' : 'failed')
      .observe(r.latencyMs / 1000);
    if (before?.ok === r.ok && before.detail === r.detail) return;
    if (before === null && r.ok) {
      notifySourceChanged();
      return;
    }
    // a change of outcome (or of the way it fails) is part of the story; the same failure again is not
    try {
      recordIncident({
        serviceId: p.serviceId,
        kind: 'probe',
        summary: r.ok
          ? `${p.spec.kind} probe ${p.spec.url} passes again (${r.detail} in ${fmtMs(r.latencyMs)})`
          : describeResult(p, r),
        severity: r.ok ? 'ok' : p.spec.kind === 'live' ? 'critical' : 'warning',
        at: r.at,
        attributes: {
          probe: p.spec.kind,
          url: p.spec.url,
          replicas: p.replicas,
          status: r.status,
          latencyMs: Math.round(r.latencyMs),
          ok: r.ok,
        },
      });
    } catch (err) {
      logger().error({ err }, 'could not record a probe result');
    }
    notifySourceChanged();
  }
}

const holder = globalThis as unknown as { __opsdeckProber?: Prober };

export function prober(): Prober | undefined {
  return holder.__opsdeckProber;
}

export function startProber(services: () => DockerService[]): Prober {
  holder.__opsdeckProber?.stop();
  const config = env();
  const p = new Prober({
    services,
    concurrency: config.OPSDECK_PROBE_CONCURRENCY,
    allow: config.OPSDECK_PROBE_ALLOW,
  });
  holder.__opsdeckProber = p;
  p.start();
  return p;
}

export function stopProber(): void {
  holder.__opsdeckProber?.stop();
  holder.__opsdeckProber = undefined;
}
