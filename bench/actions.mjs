#!/usr/bin/env node
// Actions benchmark (issue: Actions § Benchmark). Needs the sandbox engine (DOCKER_HOST).
//  - restart of a 1-replica compose service: Opsdeck's job (restart + wait healthy) against
//    `docker restart` alone and `docker restart` + polling until healthy (the same end state)
//  - scale 1→5: Opsdeck's job (create 4 copies, start, wait healthy) against
//    `docker-compose up -d --scale app=5` alone and + polling until all 5 are healthy
// Each measured BENCH_RUNS times (default 3), median reported. Runs lib code in this process via
// jiti (a production server would add one HTTP round trip per job, ~ms).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, writeResult } from './lib.mjs';

const pexec = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROJECT = 'opsdeck-bench-actions';
const IMAGE = 'opsdeck-bench/actions-app:1';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-actions-'));
const composeFile = path.join(work, 'docker-compose.yml');
const docker = (...a) => pexec('docker', a, { maxBuffer: 64 << 20 }).then((r) => r.stdout.trim());
const compose = (...a) =>
  pexec('docker-compose', ['-p', PROJECT, '-f', composeFile, ...a]).then((r) => r.stdout.trim());
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// `docker ps` rather than `docker-compose ps` (a Python start-up per call) so polling costs the
// baselines as little as it costs Opsdeck.
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

async function main() {
  await setup();
  const { createJiti } = await import(path.join(ROOT, 'node_modules/jiti/lib/jiti.mjs'));
  const jiti = createJiti(import.meta.url, { alias: { '@': ROOT } });
  process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-data-'));
  process.env.LOG_LEVEL = 'warn';
  const actions = await jiti.import(path.join(ROOT, 'lib/actions/index.ts'));
  const engine = await jiti.import(path.join(ROOT, 'lib/jobs/engine.ts'));
  const services = await jiti.import(path.join(ROOT, 'lib/services/index.ts'));
  const inventory = await jiti.import(path.join(ROOT, 'lib/docker/inventory.ts'));
  const req = { principal: null, requestId: 'bench', idempotencyKey: null };
  const serviceId = async (replicas) => {
    for (;;) {
      const s = (await services.listServices()).services.find((x) => x.stack === PROJECT && x.name === 'app');
      if (s && s.containers.length === replicas) return s.id;
      await sleep(50);
    }
  };
  const waitJob = async (id) => {
    for (;;) {
      const j = engine.getJob(id);
      if (!['queued', 'running'].includes(j.status)) {
        if (j.status !== 'succeeded') throw new Error(`job ${j.kind} ${j.status}: ${j.error}`);
        return j;
      }
      await sleep(20);
    }
  };

  const r = {
    opsdeckRestart: [],
    dockerRestart: [],
    dockerRestartHealthy: [],
    opsdeckScale: [],
    composeScale: [],
    composeScaleHealthy: [],
  };
  for (let i = 0; i < RUNS; i++) {
    const id = await serviceId(1);
    r.opsdeckRestart.push(
      await timed(async () => waitJob((await actions.restartService(id, { timeoutSeconds: 60 }, req)).id)),
    );
    const [cid] = await ids();
    r.dockerRestart.push(await timed(() => docker('restart', cid)));
    await waitAllHealthy(1);
    r.dockerRestartHealthy.push(
      await timed(async () => {
        await docker('restart', cid);
        await waitAllHealthy(1);
      }),
    );

    const sid = await serviceId(1);
    r.opsdeckScale.push(
      await timed(async () =>
        waitJob((await actions.scaleService(sid, { replicas: 5, timeoutSeconds: 60 }, req)).id),
      ),
    );
    await compose('up', '-d', '--scale', 'app=1');
    await waitAllHealthy(1);
    r.composeScale.push(await timed(() => compose('up', '-d', '--scale', 'app=5')));
    await waitAllHealthy(5);
    await compose('up', '-d', '--scale', 'app=1');
    await waitAllHealthy(1);
    r.composeScaleHealthy.push(
      await timed(async () => {
        await compose('up', '-d', '--scale', 'app=5');
        await waitAllHealthy(5);
      }),
    );
    await compose('up', '-d', '--scale', 'app=1');
    await waitAllHealthy(1);
  }
  const ms = (xs) => Math.round(median(xs));
  const result = {
    runs: RUNS,
    medianMs: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ms(v)])),
    ratio: {
      restartVsDockerRestart: Number((median(r.opsdeckRestart) / median(r.dockerRestart)).toFixed(2)),
      restartVsDockerRestartHealthy: Number(
        (median(r.opsdeckRestart) / median(r.dockerRestartHealthy)).toFixed(2),
      ),
      scaleVsComposeScale: Number((median(r.opsdeckScale) / median(r.composeScale)).toFixed(2)),
      scaleVsComposeScaleHealthy: Number((median(r.opsdeckScale) / median(r.composeScaleHealthy)).toFixed(2)),
    },
    allMs: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map(Math.round)])),
  };
  writeResult('actions', result);
  console.log(JSON.stringify(result, null, 2));
  inventory.stopInventory();
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await compose('down', '--remove-orphans').catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  });
