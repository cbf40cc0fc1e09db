import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Real Prometheus and Alertmanager for tests (Debian binaries on free loopback ports), and a tiny
 * /metrics endpoint served by the test process whose gauge values the test sets.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function requireBinary(name: string, pkg: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const bin = r.stdout.trim();
  if (r.status !== 0 || !bin) {
    throw new Error(
      `${name} not found: install it (apt-get install ${pkg}); the Prometheus tests need the real one`,
    );
  }
  return bin;
}

/** Gauges served at /metrics/<job>: `set('queue_size', 12)` or with labels. */
export interface MetricsEndpoint {
  port: number;
  set(job: string, name: string, value: number, labels?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startMetricsEndpoint(): Promise<MetricsEndpoint> {
  const series = new Map<string, Map<string, number>>();
  const server = http.createServer((req, res) => {
    const job = decodeURIComponent((req.url ?? '').replace(/^\/metrics\/?/, ''));
    const lines = [...(series.get(job) ?? new Map()).entries()].map(([k, v]) => `${k} ${v}`);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    set(job, name, value, labels = {}) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',');
      const key = l ? `${name}{${l}}` : name;
      const jobSeries = series.get(job) ?? new Map<string, number>();
      jobSeries.set(key, value);
      series.set(job, jobSeries);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PromStackOptions {
  /** scrape jobs: each scrapes /metrics/<job> on the endpoint's port, or `port` (e.g. a closed one) */
  jobs: { job: string; port: number }[];
  /** the `groups:` of a rules file, as YAML */
  rulesYaml: string;
}

export interface PromStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  stopPrometheus(): Promise<void>;
  stop(): Promise<void>;
}

async function waitReady(url: string, proc: ChildProcess, name: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}):\n${log()}`);
    try {
      const r = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} not ready after 30 s:\n${log()}`);
}

function run(bin: string, args: string[]): { proc: ChildProcess; log: () => string } {
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-8000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { proc, log: () => out };
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startPromStack(opts: PromStackOptions): Promise<PromStack> {
  const prometheusBin = requireBinary('prometheus', 'prometheus');
  const alertmanagerBin = requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-prom-'));
  const [promPort, amPort] = [await freePort(), await freePort()];

  writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: blackhole',
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: blackhole',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'rules.yml'), opts.rulesYaml);
  const scrape = opts.jobs.map((j) =>
    [
      `  - job_name: ${JSON.stringify(j.job)}`,
      `    metrics_path: ${JSON.stringify(`/metrics/${j.job}`)}`,
      '    static_configs:',
      `      - targets: ["127.0.0.1:${j.port}"]`,
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'alerting:',
      '  alertmanagers:',
      `    - static_configs: [{ targets: ["127.0.0.1:${amPort}"] }]`,
      'rule_files: ["rules.yml"]',
      'scrape_configs:',
      ...scrape,
      '',
    ].join('\n'),
  );

  const am = run(alertmanagerBin, [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`,
    `--storage.path=${path.join(dir, 'am-data')}`,
    `--web.listen-address=127.0.0.1:${amPort}`,
    '--cluster.listen-address=',
  ]);
  const prom = run(prometheusBin, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--web.enable-lifecycle',
  ]);
  const prometheusUrl = `http://127.0.0.1:${promPort}`;
  const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
  try {
    await Promise.all([
      waitReady(prometheusUrl, prom.proc, 'prometheus', prom.log),
      waitReady(alertmanagerUrl, am.proc, 'alertmanager', am.log),
    ]);
  } catch (err) {
    await Promise.all([stopProcess(prom.proc), stopProcess(am.proc)]);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    prometheusUrl,
    alertmanagerUrl,
    stopPrometheus: () => stopProcess(prom.proc),
    async stop() {
      await Promise.all([stopProcess(prom.proc), stopProcess(am.proc)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
