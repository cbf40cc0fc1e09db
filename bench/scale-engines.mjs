// Three sandbox engines of the scale benchmark's own (bench/scale.mjs), filled with 2,000 containers.
// Kept apart from bench/lib.mjs because only the scale benchmark starts engines of its own.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { pool, ROOT } from './lib.mjs';

const pexecFile = promisify(execFile);

/** Where the engines live: beside the shared sandbox engine (OPSDECK_SANDBOX_DIR), under scale/. */
export const SCALE_DIR = path.join(process.env.OPSDECK_SANDBOX_DIR ?? path.join(ROOT, '.sandbox'), 'scale');
export const IMAGE = 'opsdeck-demo/busybox:1';
export const LABEL = 'opsdeck.bench.scale';

export function engineDirs(name) {
  const dir = path.join(SCALE_DIR, name);
  return {
    name,
    dir,
    data: path.join(dir, 'data'),
    exec: path.join(dir, 'exec'),
    sock: path.join(dir, 'docker.sock'),
    pidfile: path.join(dir, 'dockerd.pid'),
    log: path.join(dir, 'dockerd.log'),
    url: `unix://${path.join(dir, 'docker.sock')}`,
  };
}

/** One request to an engine over its socket: { status, body } (body parsed when JSON). */
export function engineRequest(sock, method, p, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        socketPath: sock,
        path: p,
        method,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {}
          resolve({ status: res.statusCode, body: parsed, bytes: Buffer.concat(chunks).length });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The engine's dockerd pid while it lives (a zombie, killed but not reaped yet, does not count). */
const pidOf = (e) => livePid(e.pidfile);

function livePid(pidfile) {
  try {
    const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S …": the state follows the command name's closing parenthesis
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' ? null : pid;
  } catch {
    return null;
  }
}

async function answers(e) {
  try {
    return (await engineRequest(e.sock, 'GET', '/_ping')).status === 200;
  } catch {
    return false;
  }
}

/** Starts an engine (as scripts/sandbox.sh does: vfs, no bridge/iptables, no swarm); resolves once it answers. */
export async function startEngine(e) {
  if (pidOf(e) && (await answers(e))) return;
  fs.mkdirSync(e.data, { recursive: true });
  fs.mkdirSync(e.exec, { recursive: true });
  fs.rmSync(e.sock, { force: true });
  fs.rmSync(e.pidfile, { force: true });
  // A SIGKILLed dockerd takes its containerd down with it, but nothing may reap that one yet: dockerd
  // would take the zombie's pid for a live containerd, wait for its socket and give up. Let it start anew.
  const containerdPid = path.join(e.exec, 'containerd', 'containerd.pid');
  if (!livePid(containerdPid)) fs.rmSync(containerdPid, { force: true });
  const out = fs.openSync(e.log, 'a');
  const child = spawn(
    'dockerd',
    [
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--storage-driver=vfs',
      '-H',
      e.url,
      '--data-root',
      e.data,
      '--exec-root',
      e.exec,
      '--pidfile',
      e.pidfile,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  fs.closeSync(out);
  // after a SIGKILL the engine restores its 665 containers first: that takes it half a minute here
  for (let i = 0; i < 1800; i++) {
    if (await answers(e)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`engine ${e.name} did not start; see ${e.log}`);
}

/** SIGKILL of the engine's dockerd (a crash: its containerd and the containers' shims live on). */
export function killEngine(e) {
  const pid = pidOf(e);
  if (!pid) throw new Error(`engine ${e.name} is not running`);
  process.kill(pid, 'SIGKILL');
}

/** A clean stop (SIGTERM), waiting for the process to go. */
export async function stopEngine(e) {
  const pid = pidOf(e);
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 600 && pidOf(e); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Stops every engine and removes their folder (dockerd leaves its data root bind-mounted on itself). */
export async function removeEngines(engines) {
  for (const e of engines) await stopEngine(e);
  const mounts = fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((m) => m?.startsWith(`${SCALE_DIR}/`))
    .reverse();
  for (const m of mounts) await pexecFile('umount', [m]).catch(() => undefined);
  fs.rmSync(SCALE_DIR, { recursive: true, force: true });
}

/** The busybox image, exported from the shared sandbox engine (DOCKER_HOST) into engine `e`. */
export async function loadImage(e) {
  const has = await engineRequest(e.sock, 'GET', `/images/${encodeURIComponent(IMAGE)}/json`);
  if (has.status === 200) return;
  const tar = path.join(SCALE_DIR, 'busybox.tar');
  if (!fs.existsSync(tar)) await pexecFile('docker', ['save', '-o', tar, IMAGE]);
  await pexecFile('docker', ['-H', e.url, 'load', '-i', tar]);
}

/**
 * The plan: `services` compose services in projects of 10, `perService` containers each (2,000 in
 * all), service i on engine i mod 3; the first replica of every `runEvery`-th service runs (`sleep`,
 * network none), every other container is created and never started.
 */
export function plan({ engines, services, perService, runEvery }) {
  const byEngine = new Map(engines.map((e) => [e.name, []]));
  for (let s = 0; s < services; s++) {
    const engine = engines[s % engines.length];
    const project = `scale-p${String(Math.floor(s / 10)).padStart(2, '0')}`;
    const service = `svc-${String(s).padStart(3, '0')}`;
    for (let n = 1; n <= perService; n++) {
      byEngine.get(engine.name).push({
        name: `${project}-${service}-${n}`,
        project,
        service,
        n,
        running: n === 1 && s % runEvery === 0,
      });
    }
  }
  return byEngine;
}

function createBody(c) {
  return {
    Image: IMAGE,
    Cmd: ['sleep', '86400'],
    Labels: {
      'com.docker.compose.project': c.project,
      'com.docker.compose.service': c.service,
      'com.docker.compose.container-number': String(c.n),
      'com.docker.compose.oneoff': 'False',
      [LABEL]: '1',
    },
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'no' } },
  };
}

/**
 * After a SIGKILL the engine's containerd may still hold the old task of a container, so its start
 * fails with "task … already exists": kill and delete that task through containerd, then start again.
 */
async function startContainer(e, name) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await engineRequest(e.sock, 'POST', `/containers/${encodeURIComponent(name)}/start`);
    if (res.status === 204 || res.status === 304) return;
    const msg = String(res.body?.message ?? res.body);
    if (!/already exists/.test(msg)) throw new Error(`${e.name}: start ${name}: ${res.status} ${msg}`);
    const inspect = await engineRequest(e.sock, 'GET', `/containers/${encodeURIComponent(name)}/json`);
    const id = inspect.body?.Id;
    const ctr = (...a) =>
      pexecFile('ctr', [
        '--address',
        path.join(e.exec, 'containerd', 'containerd.sock'),
        '-n',
        'moby',
        ...a,
      ]).catch(() => undefined);
    await ctr('task', 'kill', '-s', 'SIGKILL', id);
    await new Promise((r) => setTimeout(r, 200));
    await ctr('task', 'delete', '-f', id);
  }
  throw new Error(`${e.name}: start ${name}: the stale task would not go`);
}

/**
 * Brings engine `e` to its share of the plan: creates what is missing, starts what should run and does
 * not (say, after the engine was killed), stops what runs and should not. Resolves with the counts.
 */
export async function fill(e, wanted, { concurrency = 4, log = () => {} } = {}) {
  const list = await engineRequest(
    e.sock,
    'GET',
    `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: [LABEL] }))}`,
  );
  const have = new Map(list.body.map((c) => [c.Names[0].slice(1), c]));
  const missing = wanted.filter((c) => !have.has(c.name));
  const toStart = wanted.filter((c) => c.running && have.get(c.name)?.State !== 'running');
  const toStop = wanted.filter((c) => !c.running && have.get(c.name)?.State === 'running');
  log(
    `${e.name}: ${have.size} exist, creating ${missing.length}, starting ${toStart.length}, stopping ${toStop.length}`,
  );
  let done = 0;
  await pool(missing, concurrency, async (c) => {
    const res = await engineRequest(
      e.sock,
      'POST',
      `/containers/create?name=${encodeURIComponent(c.name)}`,
      createBody(c),
    );
    if (res.status !== 201)
      throw new Error(`${e.name}: create ${c.name}: ${res.status} ${JSON.stringify(res.body)}`);
    if (c.running) await startContainer(e, c.name);
    if (++done % 100 === 0) log(`${e.name}: ${done}/${missing.length} created`);
  });
  await pool(
    toStart.filter((c) => have.has(c.name)),
    concurrency,
    (c) => startContainer(e, c.name),
  );
  await pool(toStop, concurrency, (c) =>
    engineRequest(e.sock, 'POST', `/containers/${encodeURIComponent(c.name)}/stop?t=0`),
  );
  const after = await engineRequest(
    e.sock,
    'GET',
    `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: [LABEL] }))}`,
  );
  return { containers: after.body.length, running: after.body.filter((c) => c.State === 'running').length };
}
