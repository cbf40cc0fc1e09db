#!/usr/bin/env node
// Backups benchmark (issue: Backups § Benchmark, issue #16 § 5). Needs the sandbox engine.
//  - backup throughput (MB/s) of a BENCH_BACKUP_MB (default 1024) volume through Opsdeck, against
//    `docker run --rm -v vol:/v busybox tar … | gzip -1` (the same gzip level) in the same run, one pass
//  - restore in place without the undo backup (`{"undo":false}`: stop, stage while hashing, swap,
//    start) against `gunzip | docker run -i … tar x` into an empty volume: BENCH_RESTORE_RUNS (default 3)
//    runs each, side by side, alternating which goes first
//  - RSS of the process doing the backup (start / end / peak MB, sampled every 50 ms): a peak far
//    below the volume's size means no archive is held in memory
// With a production build (.next/standalone) it drives the server over HTTP and samples the server's
// RSS; without one it runs the same lib/backups code in this process (via jiti) and samples its own.
import { exec as execCb, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { memorySampler, ROOT, startServer, writeResult } from './lib.mjs';

const pexec = promisify(execFile);
const sh = promisify(execCb);
const MB = Number(process.env.BENCH_BACKUP_MB ?? 1024);
const PROJECT = 'opsdeck-bench-backup';
const VOLUME = `${PROJECT}_data`;
const BUSYBOX = 'opsdeck-demo/busybox:1';
const docker = (...a) => pexec('docker', a, { maxBuffer: 64 << 20 }).then((r) => r.stdout.trim());
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-backup-'));
const seconds = (ms) => ms / 1000;
const rate = (ms) => Number((MB / seconds(ms)).toFixed(1));

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function setup() {
  const yaml = `version: "2.4"\nservices:\n  store:\n    image: ${BUSYBOX}\n    command: ["sleep", "86400"]\n    init: true\n    network_mode: none\n    volumes: ["data:/data"]\nvolumes:\n  data: {}\n`;
  fs.writeFileSync(path.join(work, 'docker-compose.yml'), yaml);
  await pexec('docker-compose', ['-p', PROJECT, '-f', path.join(work, 'docker-compose.yml'), 'up', '-d']);
  const size = await docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${VOLUME}:/v`,
    BUSYBOX,
    'sh',
    '-c',
    'du -sm /v | cut -f1',
  );
  if (Number(size) < MB) {
    console.error(`[bench] writing ${MB} MB of random data into ${VOLUME}`);
    await docker(
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${VOLUME}:/v`,
      BUSYBOX,
      'sh',
      '-c',
      `dd if=/dev/urandom of=/v/blob bs=1048576 count=${MB} 2>/dev/null`,
    );
  }
}

async function cleanup(volumes) {
  await pexec('docker-compose', [
    '-p',
    PROJECT,
    '-f',
    path.join(work, 'docker-compose.yml'),
    'down',
    '-v',
  ]).catch(() => undefined);
  for (const v of volumes) await docker('volume', 'rm', '-f', v).catch(() => undefined);
  fs.rmSync(work, { recursive: true, force: true });
}

/** Opsdeck over HTTP (production build) or in this process (lib code through jiti). */
async function opsdeckDriver() {
  if (fs.existsSync(path.join(ROOT, '.next/standalone/server.js'))) {
    const server = await startServer({});
    const api = async (p, init = {}) => {
      const res = await fetch(`${server.url}${p}`, {
        ...init,
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
      return res.json();
    };
    const waitJob = async (id) => {
      for (;;) {
        const job = await api(`/api/v1/jobs/${id}`);
        const j = job.job ?? job;
        if (!['queued', 'running'].includes(j.status)) return j;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    return {
      mode: 'production server over HTTP',
      rss: server.rssMb,
      async serviceId() {
        for (;;) {
          const { services } = await api('/api/v1/services');
          const s = services.find((x) => x.stack === PROJECT && x.name === 'store');
          if (s) return s.id;
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      backup: async (id) =>
        waitJob((await api(`/api/v1/services/${id}/backups`, { method: 'POST', body: '{}' })).job.id),
      restoreInPlace: async (backupId) =>
        waitJob(
          (
            await api(`/api/v1/backups/${backupId}/restore`, {
              method: 'POST',
              body: JSON.stringify({ target: 'in-place', undo: false }),
            })
          ).job.id,
        ),
      stop: server.stop,
    };
  }
  const { createJiti } = await import(path.join(ROOT, 'node_modules/jiti/lib/jiti.mjs'));
  const jiti = createJiti(import.meta.url, { alias: { '@': ROOT } });
  process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-data-'));
  process.env.LOG_LEVEL = 'warn';
  const jobs = await jiti.import(path.join(ROOT, 'lib/backups/jobs.ts'));
  const engine = await jiti.import(path.join(ROOT, 'lib/jobs/engine.ts'));
  const services = await jiti.import(path.join(ROOT, 'lib/services/index.ts'));
  const waitJob = async (id) => {
    for (;;) {
      const j = engine.getJob(id);
      if (!['queued', 'running'].includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const req = { actor: 'bench', requestId: 'bench' };
  return {
    mode: 'in-process (no production build): lib/backups through jiti, RSS of this process',
    rss: () => process.memoryUsage.rss() / 1024 / 1024,
    async serviceId() {
      for (;;) {
        const s = (await services.listServices()).services.find(
          (x) => x.stack === PROJECT && x.name === 'store',
        );
        if (s) return s.id;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    backup: async (id) => waitJob((await jobs.startBackupJob(id, req)).id),
    restoreInPlace: async (backupId) =>
      waitJob((await jobs.startRestoreJob(backupId, { target: 'in-place', undo: false }, req)).id),
    stop: async () => fs.rmSync(process.env.OPSDECK_DATA_DIR ?? '', { recursive: true, force: true }),
  };
}

const restoredBase = `${PROJECT}-restored-baseline`;
const RUNS = Number(process.env.BENCH_RESTORE_RUNS ?? 3);
try {
  await setup();
  await docker('volume', 'rm', '-f', restoredBase).catch(() => undefined);
  const opsdeck = await opsdeckDriver();
  const id = await opsdeck.serviceId();
  const baseFile = path.join(work, 'baseline.tar.gz');
  const baseBackup = await timed(() =>
    sh(`docker run --rm --network none -v ${VOLUME}:/v ${BUSYBOX} tar cf - -C /v . | gzip -1 > ${baseFile}`),
  );
  const sampler = memorySampler(opsdeck.rss, 50);
  const ours = await timed(() => opsdeck.backup(id));
  const backupRss = sampler.stop();
  if (ours.value.status !== 'succeeded') throw new Error(`backup failed: ${ours.value.error}`);
  const backupId = ours.value.results.at(-1).target;
  // the baseline restores into an empty volume each run (created outside the timing)
  const baselineRestore = async () => {
    await docker('volume', 'rm', '-f', restoredBase).catch(() => undefined);
    await docker('volume', 'create', restoredBase);
    return timed(() =>
      sh(
        `gunzip -c ${baseFile} | docker run --rm -i --network none -v ${restoredBase}:/v ${BUSYBOX} tar xf - -C /v`,
      ),
    );
  };
  let restoreRss = null;
  const opsdeckRestore = async () => {
    const sampler2 = memorySampler(opsdeck.rss, 50);
    const r = await timed(() => opsdeck.restoreInPlace(backupId));
    restoreRss ??= sampler2.stop();
    if (r.value.status !== 'succeeded') throw new Error(`restore failed: ${r.value.error}`);
    return r;
  };
  const baseMs = [];
  const oursMs = [];
  const order = [];
  for (let i = 0; i < RUNS; i++) {
    // alternate which goes first, so page cache and engine warm-up favour neither
    const first = i % 2 === 0 ? 'baseline' : 'opsdeck';
    order.push(first);
    for (const which of first === 'baseline' ? ['baseline', 'opsdeck'] : ['opsdeck', 'baseline']) {
      const r = which === 'baseline' ? await baselineRestore() : await opsdeckRestore();
      (which === 'baseline' ? baseMs : oursMs).push(Math.round(r.ms));
      console.error(`[bench] restore run ${i + 1} ${which}: ${Math.round(r.ms)} ms`);
    }
  }
  // the restored volume holds the backed-up blob again: same size as before
  const after = await docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${VOLUME}:/v`,
    BUSYBOX,
    'sh',
    '-c',
    'ls -A /v; du -sm /v | cut -f1',
  );
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x) => Math.round(x);
  writeResult('backups', {
    params: {
      mode: opsdeck.mode,
      volumeMb: MB,
      data: 'random (incompressible), one file',
      gzipLevel: 1,
      rssSampleMs: 50,
      restore: `in place, {"undo":false} (stop, stage while hashing, swap, start) vs gunzip | tar x into an empty volume; ${RUNS} runs each, alternating order`,
    },
    // backup: one pass each (1 GB per pass), n = 1, so no spread is claimed
    samples: {
      baselineBackupMs: ms(baseBackup.ms),
      opsdeckBackupMs: ms(ours.ms),
      restoreOrder: order,
      baselineRestoreMs: baseMs,
      opsdeckRestoreMs: oursMs,
      volumeAfterRestore: after.split('\n'),
    },
    summary: {
      backup: {
        baselineMBps: rate(baseBackup.ms),
        opsdeckMBps: rate(ours.ms),
        ratio: Number((baseBackup.ms / ours.ms).toFixed(2)),
        serverRss: backupRss,
      },
      restore: {
        baselineMedianMs: med(baseMs),
        opsdeckMedianMs: med(oursMs),
        baselineMBps: rate(med(baseMs)),
        opsdeckMBps: rate(med(oursMs)),
        ratio: Number((med(baseMs) / med(oursMs)).toFixed(2)),
        perRunRatios: baseMs.map((b, i) => Number((b / (oursMs[i] ?? Number.NaN)).toFixed(2))),
        serverRss: restoreRss,
      },
    },
  });
  await opsdeck.stop();
} finally {
  await cleanup([restoredBase]);
}
process.exit(0);
