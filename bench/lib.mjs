// Shared helpers for the benchmarks: a production server of our own, a counting socket proxy, stats,
// memory sampling and the writer that keeps every run under bench/results/.
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = path.join(ROOT, 'bench', 'results');

// Taken when a benchmark imports this module, i.e. as it starts: the result records load at both ends.
const STARTED = { at: new Date(), loadavg: os.loadavg() };

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const round1 = (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);

/**
 * n, min, median, p95, max of a list of samples. A `null` sample is a failure (say, a kill never seen):
 * it counts as slower than every measured one, so it can push the median, p95 or max to null
 * ("not seen within the window") instead of quietly vanishing from the list.
 */
export function summary(values) {
  const failures = values.filter((v) => v === null || v === undefined).length;
  const sorted = values
    .map((v) => (v === null || v === undefined ? Number.POSITIVE_INFINITY : v))
    .sort((a, b) => a - b);
  const at = (p) => round1(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    n: values.length,
    failures,
    min: round1(sorted[0]),
    median: round1(median),
    p95: at(0.95),
    max: round1(sorted.at(-1)),
  };
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A unix-socket proxy in front of the engine that counts HTTP requests by method and path, so a
 * benchmark can prove how many engine calls the server makes.
 */
export function countingProxy(targetSocket, listenSocket) {
  const counts = [];
  fs.mkdirSync(path.dirname(listenSocket), { recursive: true });
  fs.rmSync(listenSocket, { force: true });
  const server = net.createServer((client) => {
    const upstream = net.connect(targetSocket);
    let head = '';
    client.on('data', (chunk) => {
      head += chunk.toString('latin1');
      // Count every request line that crosses this connection (keep-alive carries several).
      const lines = head.split('\r\n');
      head = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]$/.exec(line);
        if (m) counts.push({ at: Date.now(), method: m[1], path: m[2] });
      }
      if (head.length > 8192) head = head.slice(-8192);
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(listenSocket, () => resolve({ server, counts })));
}

/**
 * `nodeArgs`: flags for the server's node (say `--cpu-prof`, which NODE_OPTIONS does not take).
 * `cpus`: a `taskset -c` list the server is pinned to (say `'0'`), so a load generator pinned to the
 * other core does not take the server's CPU (nor the server the generator's).
 */
export async function startServer(env, { nodeArgs = [], cpus } = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-bench-'));
  const standalone = path.join(ROOT, '.next/standalone');
  if (!fs.existsSync(path.join(standalone, 'server.js'))) throw new Error('run `npm run build` first');
  const password = 'bench-admin-password';
  // Through start.mjs, as `npm start` does: it links the static files and serves in-process (one pid).
  const [command, args] = pinned(cpus, process.execPath, [
    ...nodeArgs,
    path.join(ROOT, 'scripts', 'start.mjs'),
  ]);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      OPSDECK_DATA_DIR: dataDir,
      OPSDECK_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const tok = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ name: 'bench', scopes: ['read', 'operate', 'admin'] }),
  });
  const { token } = await tok.json();
  if (!token) throw new Error('could not mint a bench token');
  return {
    url,
    token,
    pid: child.pid,
    rssMb: () => rssMbOf(child.pid),
    heapMb: () => serverHeapMb(url),
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Whether `taskset` (util-linux) is there to pin processes to cores. */
export const canPin = fs.existsSync('/usr/bin/taskset') || fs.existsSync('/bin/taskset');

/** `[command, args]` running `file args` pinned to `cpus` (taskset execs it: same pid), or as is. */
export function pinned(cpus, file, args) {
  return cpus !== undefined && canPin ? ['taskset', ['-c', String(cpus), file, ...args]] : [file, args];
}

/** Pins this process and every thread it has or will start (workers inherit) to `cpus`. */
export function pinSelf(cpus) {
  if (!canPin) return false;
  execFileSync('taskset', ['-a', '-cp', String(cpus), String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** GET over the engine's unix socket, body discarded; resolves with ms. */
export function engineGet(socketPath, p) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: p, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
    req.end();
  });
}

function gitCommit() {
  // trimEnd only: porcelain lines start with a space (" M path"), which a trim() would eat
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trimEnd();
  try {
    // Results written by earlier runs are not a change to the code being measured.
    const dirtyPaths = git('status', '--porcelain')
      .split('\n')
      .filter((l) => l && !l.slice(3).startsWith('bench/results/'))
      .map((l) => l.slice(3));
    return {
      sha: git('rev-parse', 'HEAD'),
      dirty: dirtyPaths.length > 0,
      dirtyPaths: dirtyPaths.slice(0, 20),
    };
  } catch (err) {
    return { sha: null, dirty: null, error: String(err.message ?? err).split('\n')[0] };
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

const load = ([m1, m5, m15]) => {
  const r = (x) => Math.round(x * 100) / 100;
  return { '1m': r(m1), '5m': r(m5), '15m': r(m15) };
};

/**
 * Keeps one run of a benchmark as bench/results/<bench>-<UTC timestamp>.json (committed, so every
 * figure in docs/benchmarks.md can be traced to the run, commit and machine that produced it).
 * `data` holds `params`, `samples` and `summary`, and whatever else the benchmark reports.
 * Resolves with the path relative to the repository.
 */
export function writeResult(bench, data) {
  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = STARTED.at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  const file = path.join(RESULTS, `${bench}-${stamp}.json`);
  const record = {
    bench,
    date: STARTED.at.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(),
    loadavg: { start: load(STARTED.loadavg), end: load(os.loadavg()) },
    ...data,
  };
  fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(JSON.stringify(data.summary ?? data, null, 2));
  const rel = path.relative(ROOT, file);
  console.error(`[bench] wrote ${rel}`);
  return rel;
}

/** A process' resident set from /proc, in MB (0 once it has exited). */
export function rssMbOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Samples a process' RSS every `everyMs` until stopped: start, end and peak in MB, as numbers (a claim
 * such as "flat" is then checkable from the result). `mark(phase)` names what the benchmark does from
 * then on, so the result says in which phase the peak fell and each phase's own peak.
 */
export function memorySampler(read, everyMs = 100) {
  const first = read();
  let peak = first;
  let last = first;
  let phase = 'start';
  let peakPhase = phase;
  const phasePeaks = { [phase]: first };
  const sample = () => {
    last = read() || last;
    phasePeaks[phase] = Math.max(phasePeaks[phase] ?? 0, last);
    if (last > peak) {
      peak = last;
      peakPhase = phase;
    }
  };
  const timer = setInterval(sample, everyMs);
  const mb = (x) => Math.round(x * 10) / 10;
  return {
    mark(name) {
      sample();
      phase = name;
    },
    stop() {
      clearInterval(timer);
      sample();
      return {
        startMb: mb(first),
        endMb: mb(last),
        peakMb: mb(peak),
        growthMb: mb(last - first),
        peakPhase,
        phasePeaksMb: Object.fromEntries(Object.entries(phasePeaks).map(([k, v]) => [k, mb(v)])),
      };
    },
  };
}

/**
 * The server's V8 heap (used / total MB), memory outside it (`external`: buffers) and each heap space's
 * size, from its own /api/metrics (prom-client's default metrics): where an RSS growth went.
 */
export async function serverHeapMb(url) {
  const text = await (await fetch(`${url}/api/metrics`)).text();
  const read = (name) => Number(new RegExp(`^opsdeck_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mb = (x) => Math.round((x / 1048576) * 10) / 10;
  const spaces = {};
  for (const m of text.matchAll(/^opsdeck_nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm))
    spaces[m[1]] = mb(Number(m[2]));
  return {
    usedMb: mb(read('nodejs_heap_size_used_bytes')),
    totalMb: mb(read('nodejs_heap_size_total_bytes')),
    externalMb: mb(read('nodejs_external_memory_bytes')),
    spacesTotalMb: spaces,
  };
}

const pexecFile = promisify(execFile);

/** The docker CLI against DOCKER_HOST; resolves with its trimmed stdout. */
export const docker = (...args) =>
  pexecFile('docker', args, { maxBuffer: 64 << 20 }).then((r) => r.stdout.trim());

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function pool(items, limit, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** Names of every container of a compose project, whatever its state. */
export async function projectContainerNames(project) {
  const out = await docker(
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Names}}',
  );
  return new Set(out.split('\n').filter(Boolean));
}

/** One compose-labelled busybox `sleep` replica (`project_service_n`), no network, extra labels. */
export function runReplica(project, service, n, labels = {}) {
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  return docker(
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    `${project}_${service}_${n}`,
    '--restart',
    'no',
    '--label',
    `com.docker.compose.project=${project}`,
    '--label',
    `com.docker.compose.service=${service}`,
    '--label',
    `com.docker.compose.container-number=${n}`,
    '--label',
    'com.docker.compose.oneoff=False',
    ...labelArgs,
    'opsdeck-demo/busybox:1',
    'sleep',
    '86400',
  );
}

/** Removes every container of a compose project. */
export async function removeProject(project) {
  const ids = (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`))
    .split('\n')
    .filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) await docker('rm', '-f', ...ids.slice(i, i + 50));
}
