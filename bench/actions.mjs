#!/usr/bin/env node
// Actions benchmark (issue: Actions § Benchmark). Needs the sandbox engine (DOCKER_HOST) and a
// production build: Opsdeck is the production server (scripts/start.mjs) driven over HTTP with a
// bearer token, as a user or a script would drive it.
//  - restart of a 1-replica compose service: POST …/restart, then GET /api/v1/jobs/{id} until the job
//    ends (every replica restarted and healthy) against `docker restart` + `docker inspect` polling
//    until healthy (the same end state)
//  - scale 1→5: POST …/scale {replicas: 5} until the job ends (4 copies created, started, healthy)
//    against `docker-compose up -d --scale app=5` + polling until all 5 are healthy
// Each pair is measured BENCH_RUNS times (default 5, at least 5); which side goes first alternates
// from one pair to the next, so neither always meets a warmer engine. Bare `docker restart` and
// `docker-compose up --scale` (returning before health) are timed after each pair as references.
// The CLI side pays a process start-up per poll: that is what a shell user of the CLI pays too.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { docker, memorySampler, startServer, summary, writeResult } from './lib.mjs';

const pexec = promisify(execFile);
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
const PROJECT = 'opsdeck-bench-actions';
const IMAGE = 'opsdeck-bench/actions-app:1';
const POLL_MS = 20;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-actions-'));
const composeFile = path.join(work, 'docker-compose.yml');
const compose = (...a) =>
  pexec('docker-compose', ['-p', PROJECT, '-f', composeFile, ...a]).then((r) => r.stdout.trim());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const serviceId = Buffer.from(`local\u0000${PROJECT}\u0000app`).toString('base64url');

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return Math.round((performance.now() - t0) * 10) / 10;
}

// `docker ps` rather than `docker-compose ps` (a Python start-up per call) so polling costs the
// baseline as little as the CLI allows.
async function ids() {
  const out = await docker(
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
    '--filter',
    'label=com.docker.compose.service=app',
  );
  return out.split('\n').filter(Boolean);
}

async function waitAllHealthy(count) {
  for (;;) {
    const list = await ids();
    if (list.length === count) {
      const out = await docker('inspect', '--format', '{{.State.Health.Status}}', ...list);
      if (out.split('\n').every((s) => s === 'healthy')) return;
    }
    await sleep(50);
  }
}

async function setup() {
  fs.writeFileSync(
    path.join(work, 'Dockerfile'),
    `FROM opsdeck-demo/busybox:1\nHEALTHCHECK --interval=250ms --timeout=2s --retries=1 CMD test -f /tmp/ok\nCMD ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ok; while :; do sleep 0.2; done"]\n`,
  );
  await docker('build', '-q', '-t', IMAGE, work);
  fs.writeFileSync(
    composeFile,
    `version: "2.4"\nservices:\n  app:\n    image: ${IMAGE}\n    network_mode: none\n`,
  );
  await compose('down', '--remove-orphans').catch(() => {});
  await compose('up', '-d');
  await waitAllHealthy(1);
}

/** Opsdeck over HTTP: start an action, then poll its job until it ends. */
function opsdeckClient(server) {
  const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  const api = async (p, init = {}) => {
    const res = await fetch(`${server.url}${p}`, { ...init, headers });
    const body = await res.json();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    /** until the server's view shows `replicas` replicas, all healthy (so no job meets a stale view) */
    async settled(replicas) {
      for (;;) {
        const res = await fetch(`${server.url}/api/v1/services/${serviceId}`, { headers });
        if (res.ok) {
          const service = await res.json(); // GET …/services/{id} answers the service itself
          const cs = service.containers ?? [];
          if (cs.length === replicas && cs.every((c) => c.state === 'running' && c.health === 'healthy'))
            return;
        }
        await sleep(50);
      }
    },
    async run(action, body) {
      const { job } = await api(`/api/v1/services/${serviceId}/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      for (;;) {
        const { job: j } = await api(`/api/v1/jobs/${job.id}`);
        if (!['queued', 'running'].includes(j.status)) {
          if (j.status !== 'succeeded') throw new Error(`job ${j.kind} ${j.status}: ${j.error}`);
          return;
        }
        await sleep(POLL_MS);
      }
    },
  };
}

async function main() {
  await setup();
  const server = await startServer({});
  const memory = memorySampler(server.rssMb);
  const ops = opsdeckClient(server);
  const s = {
    opsdeckRestart: [],
    dockerRestartHealthy: [],
    dockerRestartBare: [],
    opsdeckScale: [],
    composeScaleHealthy: [],
    composeScaleBare: [],
  };
  const order = [];
  let rss = null;
  const resetToOne = async () => {
    await compose('up', '-d', '--scale', 'app=1');
    await waitAllHealthy(1);
    await ops.settled(1);
  };
  try {
    await ops.settled(1);
    for (let i = 0; i < RUNS; i++) {
      const opsdeckFirst = i % 2 === 0;
      order.push(opsdeckFirst ? 'opsdeck-first' : 'cli-first');
      const restartOps = async () => {
        s.opsdeckRestart.push(await timed(() => ops.run('restart', { timeoutSeconds: 60 })));
        await ops.settled(1);
      };
      const restartCli = async () => {
        const [cid] = await ids();
        s.dockerRestartHealthy.push(
          await timed(async () => {
            await docker('restart', cid);
            await waitAllHealthy(1);
          }),
        );
        await ops.settled(1);
      };
      for (const step of opsdeckFirst ? [restartOps, restartCli] : [restartCli, restartOps]) await step();
      const [cid] = await ids();
      s.dockerRestartBare.push(await timed(() => docker('restart', cid)));
      await waitAllHealthy(1);
      await ops.settled(1);

      const scaleOps = async () => {
        s.opsdeckScale.push(await timed(() => ops.run('scale', { replicas: 5, timeoutSeconds: 60 })));
        await resetToOne();
      };
      const scaleCli = async () => {
        s.composeScaleHealthy.push(
          await timed(async () => {
            await compose('up', '-d', '--scale', 'app=5');
            await waitAllHealthy(5);
          }),
        );
        await resetToOne();
      };
      for (const step of opsdeckFirst ? [scaleOps, scaleCli] : [scaleCli, scaleOps]) await step();
      s.composeScaleBare.push(await timed(() => compose('up', '-d', '--scale', 'app=5')));
      await resetToOne();
    }
  } finally {
    rss = memory.stop();
    await server.stop();
  }
  const sum = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, summary(v)]));
  const ratio = (a, b) => Math.round((sum[a].median / sum[b].median) * 100) / 100;
  writeResult('actions', {
    params: {
      runs: RUNS,
      pollMs: { opsdeckJob: POLL_MS, cliInspect: 50 },
      image: `${IMAGE} (HEALTHCHECK interval 250 ms)`,
      opsdeck: 'production server over HTTP (scripts/start.mjs), bearer token',
      pairOrder: order,
    },
    samples: s,
    summary: {
      ...sum,
      ratioOfMedians: {
        restartVsDockerRestartHealthy: ratio('opsdeckRestart', 'dockerRestartHealthy'),
        restartVsDockerRestartBare: ratio('opsdeckRestart', 'dockerRestartBare'),
        scaleVsComposeScaleHealthy: ratio('opsdeckScale', 'composeScaleHealthy'),
        scaleVsComposeScaleBare: ratio('opsdeckScale', 'composeScaleBare'),
      },
      serverRss: rss,
    },
  });
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await compose('down', '--remove-orphans').catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
    process.exit();
  });
