#!/usr/bin/env node
// Incidents benchmark (issue #15 §Targets), against the production build and the sandbox engine.
//  - docker kill → the `service.down` notification received by a local webhook: p95 < 2 s.
//    t0 is just before `docker kill` is run; t1 when the webhook sink has the request.
//  - a Prometheus alert firing → on the service's timeline: p95 < 1 evaluation interval + 1 s.
//    Prometheus evaluates every 5 s (as in the demo); t0 is when Prometheus' own /api/v1/alerts first
//    says "firing" (polled every 100 ms), t1 when GET /api/v1/services/{id}/timeline?kinds=alert has it.
//  - 200 services probed every 5 s: the server's CPU over a window with the probes (declared for all
//    200 through OPSDECK_CONFIG) minus the same window without them, as % of one core: < 5 %.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  docker,
  freePort,
  pool,
  removeProject,
  runReplica,
  startServer,
  summary,
  writeResult,
} from './lib.mjs';

const pexec = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const KILLS = Number(process.env.BENCH_KILLS ?? 10);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 8);
const PROBED = Number(process.env.BENCH_PROBED ?? 200);
const CPU_WINDOW_S = Number(process.env.BENCH_CPU_SECONDS ?? 30);
const EVAL_S = 5;
const P_KILL = 'opsdeck-bench-kill';
const P_PROBE = 'opsdeck-bench-probe';
const JOB = 'bench-alerting';
const TICK = 100; // /proc/<pid>/stat counts in clock ticks (USER_HZ, 100 on Linux)

async function waitFor(what, fn, timeoutMs = 30_000, everyMs = 50) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const v = await fn();
    if (v) return v;
    await sleep(everyMs);
  }
  throw new Error(`timed out: ${what}`);
}

const api =
  (srv) =>
  async (p, init = {}) => {
    const res = await fetch(`${srv.url}${p}`, {
      ...init,
      headers: {
        authorization: `Bearer ${srv.token}`,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    if (!res.ok && res.status !== 201) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };

/** utime + stime of a process in seconds. */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

async function serviceId(call, stack, name) {
  return waitFor(`${stack}/${name} listed`, async () => {
    const { services } = await call('/api/v1/services');
    return services.find((s) => s.stack === stack && s.name === name)?.id;
  });
}

async function killToWebhook() {
  const hits = [];
  const sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      hits.push({ at: performance.now(), body });
      res.end('ok');
    });
  });
  const port = await freePort();
  await new Promise((r) => sink.listen(port, '127.0.0.1', r));
  await removeProject(P_KILL);
  await runReplica(P_KILL, 'victim', 1);
  const srv = await startServer({});
  const call = api(srv);
  try {
    await call('/api/v1/notifications/channels', {
      method: 'POST',
      body: JSON.stringify({
        type: 'webhook',
        name: 'bench',
        url: `http://127.0.0.1:${port}/hook`,
        events: ['service.down'],
        repeatMinutes: 0,
      }),
    });
    const id = await serviceId(call, P_KILL, 'victim');
    const samples = [];
    for (let i = 0; i < KILLS; i++) {
      await waitFor(
        'victim healthy',
        async () => (await call(`/api/v1/services/${id}`)).status === 'healthy',
        30_000,
        100,
      );
      await sleep(500);
      const before = hits.length;
      const t0 = performance.now();
      await docker('kill', `${P_KILL}_victim_1`);
      try {
        const hit = await waitFor(
          'service.down delivered',
          async () => hits.slice(before).find((h) => h.body.includes('service.down')),
          10_000,
          5,
        );
        samples.push(Math.round(hit.at - t0));
      } catch {
        samples.push(null);
      }
      await docker('start', `${P_KILL}_victim_1`);
    }
    return { samples, summary: summary(samples) };
  } finally {
    await srv.stop();
    sink.close();
    await removeProject(P_KILL);
  }
}

async function startBinary(bin, args, readyUrl) {
  const child = spawn(bin, args, { stdio: 'ignore' });
  await waitFor(`${bin} ready`, async () => (await fetch(readyUrl).catch(() => null))?.ok, 30_000, 200);
  return child;
}

async function alertToTimeline() {
  for (const b of ['prometheus', 'prometheus-alertmanager'])
    await pexec('sh', ['-c', `command -v ${b}`]).catch(() => {
      throw new Error(`${b} not found: apt-get install ${b}`);
    });
  let value = 0;
  const scrapePort = await freePort();
  const scrape = http.createServer((_q, res) => res.end(`bench_alerting ${value}\n`));
  await new Promise((r) => scrape.listen(scrapePort, '127.0.0.1', r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-alert-'));
  const [promPort, amPort] = [await freePort(), await freePort()];
  fs.writeFileSync(path.join(dir, 'am.yml'), 'route:\n  receiver: b\nreceivers:\n  - name: b\n');
  fs.writeFileSync(
    path.join(dir, 'rules.yml'),
    `groups:\n  - name: bench\n    rules:\n      - alert: BenchFiring\n        expr: bench_alerting > 0\n        labels: { severity: critical, stack: "${P_KILL}", service: alerting }\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'prom.yml'),
    `global: { scrape_interval: ${EVAL_S}s, evaluation_interval: ${EVAL_S}s }\nrule_files: ["rules.yml"]\nscrape_configs:\n  - job_name: ${JOB}\n    static_configs: [ { targets: ["127.0.0.1:${scrapePort}"] } ]\n`,
  );
  const am = await startBinary(
    'prometheus-alertmanager',
    [
      `--config.file=${dir}/am.yml`,
      `--storage.path=${dir}/am`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ],
    `http://127.0.0.1:${amPort}/-/ready`,
  );
  const prom = await startBinary(
    'prometheus',
    [
      `--config.file=${dir}/prom.yml`,
      `--storage.tsdb.path=${dir}/tsdb`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    `http://127.0.0.1:${promPort}/-/ready`,
  );
  await removeProject(P_KILL);
  await runReplica(P_KILL, 'alerting', 1, { 'opsdeck.prometheus.job': JOB });
  const srv = await startServer({
    PROMETHEUS_URL: `http://127.0.0.1:${promPort}`,
    ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`,
  });
  const call = api(srv);
  const promState = async () => {
    const r = await (await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`)).json();
    return r.data.alerts.find((a) => a.labels.alertname === 'BenchFiring')?.state ?? 'inactive';
  };
  try {
    const id = await serviceId(call, P_KILL, 'alerting');
    const samples = [];
    for (let i = 0; i < ALERTS; i++) {
      const seen = (await call(`/api/v1/services/${id}/timeline?kinds=alert&limit=500`)).events.filter((e) =>
        e.summary.startsWith('BenchFiring firing'),
      ).length;
      value = 1;
      const t0 = await waitFor(
        'firing in Prometheus',
        async () => ((await promState()) === 'firing' ? performance.now() : 0),
        30_000,
        100,
      );
      try {
        const t1 = await waitFor(
          'firing on the timeline',
          async () => {
            const { events } = await call(`/api/v1/services/${id}/timeline?kinds=alert&limit=500`);
            return events.filter((e) => e.summary.startsWith('BenchFiring firing')).length > seen
              ? performance.now()
              : 0;
          },
          30_000,
          100,
        );
        samples.push(Math.round(t1 - t0));
      } catch {
        samples.push(null);
      }
      value = 0;
      await waitFor('resolved in Prometheus', async () => (await promState()) === 'inactive', 30_000, 200);
      await waitFor(
        'resolved on the timeline',
        async () => {
          const { events } = await call(`/api/v1/services/${id}/timeline?kinds=alert&limit=1`);
          return events[0]?.summary === 'BenchFiring resolved';
        },
        30_000,
        200,
      );
    }
    return {
      evaluationIntervalSeconds: EVAL_S,
      targetMs: EVAL_S * 1000 + 1000,
      samples,
      summary: summary(samples),
    };
  } finally {
    await srv.stop();
    prom.kill();
    am.kill();
    scrape.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await removeProject(P_KILL);
  }
}

async function probeCost() {
  let requests = 0;
  const target = http.createServer((_q, res) => {
    requests++;
    res.end('{"ready":true}');
  });
  const port = await freePort();
  await new Promise((r) => target.listen(port, '127.0.0.1', r));
  await removeProject(P_PROBE);
  const names = Array.from({ length: PROBED }, (_, i) => `p${String(i).padStart(3, '0')}`);
  await pool(names, 4, (s) => runReplica(P_PROBE, s, 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-probe-'));
  const config = path.join(dir, 'opsdeck.yml');
  const services = Object.fromEntries(
    names.map((s) => [
      `${P_PROBE}/${s}`,
      {
        labels: {
          'opsdeck.probe.ready': `http://127.0.0.1:${port}/ready/${s}`,
          'opsdeck.probe.interval': '5s',
        },
      },
    ]),
  );
  fs.writeFileSync(config, JSON.stringify({ services }));
  const measure = async (env) => {
    const srv = await startServer(env);
    try {
      const call = api(srv);
      await waitFor(
        'all probed services listed',
        async () =>
          (await call('/api/v1/services')).services.filter((s) => s.stack === P_PROBE).length === PROBED,
        60_000,
        500,
      );
      await sleep(10_000); // past the start-up work and the first round of probes
      const r0 = requests;
      const c0 = cpuSeconds(srv.pid);
      const t0 = performance.now();
      await sleep(CPU_WINDOW_S * 1000);
      const cpu = cpuSeconds(srv.pid) - c0;
      const wall = (performance.now() - t0) / 1000;
      const { services: list } = await call('/api/v1/services');
      const degraded = list.filter((s) => s.stack === P_PROBE && s.status !== 'healthy').length;
      return {
        cpuPercentOfOneCore: Math.round((cpu / wall) * 1000) / 10,
        probeRequests: requests - r0,
        windowSeconds: Math.round(wall),
        notHealthy: degraded,
      };
    } finally {
      await srv.stop();
    }
  };
  try {
    const without = await measure({});
    const withProbes = await measure({ OPSDECK_CONFIG: config });
    return {
      services: PROBED,
      intervalSeconds: 5,
      without,
      withProbes,
      probeCostPercentOfOneCore:
        Math.round((withProbes.cpuPercentOfOneCore - without.cpuPercentOfOneCore) * 10) / 10,
      expectedProbeRequests: Math.round((PROBED * withProbes.windowSeconds) / 5),
    };
  } finally {
    target.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await removeProject(P_PROBE);
  }
}

const kill = await killToWebhook();
console.error('[bench] kill → webhook', JSON.stringify(kill.summary));
const alert = await alertToTimeline();
console.error('[bench] alert → timeline', JSON.stringify(alert.summary));
const probes = await probeCost();
console.error('[bench] probes', JSON.stringify(probes));
writeResult('incidents', {
  params: { kills: KILLS, alerts: ALERTS, probed: PROBED, cpuWindowSeconds: CPU_WINDOW_S },
  killToWebhookMs: kill,
  alertToTimelineMs: alert,
  probes,
  summary: {
    killToWebhookP95Ms: kill.summary.p95,
    alertToTimelineP95Ms: alert.summary.p95,
    alertTargetMs: alert.targetMs,
    probeCostPercentOfOneCore: probes.probeCostPercentOfOneCore,
  },
});
