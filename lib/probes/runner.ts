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

/** A service's labels with its OPSDECK_CONFIG overrides (which win, as for every `opsdeck.*` label). */
function labelsOf(svc: DockerService): Record<string, string> {
  return { ...svc.labels, ...(loadMappingConfig().services[`${svc.stack}/${svc.name}`] ?? {}) };
}

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

/** The reason line of a failing probe: what it answered and how long it took. */
export function describeResult(p: Pick<ProbeState, 'spec'>, r: ProbeResult): string {
  return `${p.spec.kind} probe ${p.spec.url} ${r.detail} in ${fmtMs(r.latencyMs)}`;
}

/**
 * Polls every declared probe at its interval, at most `concurrency` in flight (a slow target delays
 * no other beyond that bound), keeps the last result per probe, and puts each change of outcome on
 * the service's timeline. Targets come only from labels and OPSDECK_CONFIG, checked by ProbePolicy.
 */
export class Prober {
  readonly probes = new Map<string, ProbeState>();
  readonly errors = new Map<string, string[]>();
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
      const { specs, errors } = probeSpecs(labelsOf(svc), this.policy);
      if (errors.length) this.errors.set(svc.id, errors);
      for (const spec of specs) {
        const key = `${svc.id}|${spec.kind}`;
        seen.add(key);
        const existing = this.probes.get(key);
        if (existing && existing.spec.url === spec.url) {
          existing.spec = spec;
          continue;
        }
        this.probes.set(key, {
          serviceId: svc.id,
          service: `${svc.stack}/${svc.name}`,
          spec,
          // spread the first round over one interval so 200 services do not fire in the same tick
          nextAt: Date.now() + Math.floor(Math.random() * Math.min(spec.intervalMs, 2000)),
          running: false,
          last: null,
        });
      }
    }
    for (const key of this.probes.keys()) if (!seen.has(key)) this.probes.delete(key);
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
