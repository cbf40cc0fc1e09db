#!/usr/bin/env node
// The demo's scenarios act through Opsdeck's own API, as an operator would (scripts/demo.sh scenario …).
//   demo-opsdeck.mjs deploy <stack>/<service> <image> [timeoutSeconds]   gated deploy; prints the job
//   demo-opsdeck.mjs backup <stack>/<service>                            back up now, then verify it
//   demo-opsdeck.mjs restore-last <stack>/<service> [volume]             restore the newest verified backup in place
//                                                                        (or into a new volume of that name)
// Env: OPSDECK_URL (http://127.0.0.1:8080), OPSDECK_TOKEN (a bearer token) or OPSDECK_ADMIN_PASSWORD
// (else .sandbox/demo/admin-password, the password scripts/opsdeck-run.sh made) to log in as admin.
// Exit status: 0 when the job ended as the scenario expects (`deploy` prints either outcome and exits
// 0 when the job finished; the caller reads the last line), 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BASE = (process.env.OPSDECK_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const say = (m) => process.stderr.write(`[opsdeck-api] ${m}\n`);
const die = (m) => {
  say(`error: ${m}`);
  process.exit(1);
};

let auth = null;
async function headers() {
  if (auth) return auth;
  if (process.env.OPSDECK_TOKEN) {
    auth = { authorization: `Bearer ${process.env.OPSDECK_TOKEN}` };
    return auth;
  }
  const file = path.join(
    process.env.OPSDECK_SANDBOX_DIR ?? path.join(ROOT, '.sandbox'),
    'demo/admin-password',
  );
  const password =
    process.env.OPSDECK_ADMIN_PASSWORD ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '');
  if (!password)
    die(`no OPSDECK_TOKEN, OPSDECK_ADMIN_PASSWORD or ${file}: is Opsdeck running (npm run demo)?`);
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BASE },
    body: JSON.stringify({ username: 'admin', password }),
  }).catch((err) => die(`Opsdeck at ${BASE} does not answer (${err.message}): npm run demo starts it`));
  if (!res.ok) die(`login as admin at ${BASE}: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  auth = { cookie, origin: BASE };
  return auth;
}

async function api(method, p, body) {
  const res = await fetch(`${BASE}${p}`, {
    method,
    headers: { ...(await headers()), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) die(`${method} ${p}: HTTP ${res.status} ${json.error?.message ?? text}`);
  return json;
}

/** stack/service → the service's opaque id (Opsdeck may need a moment to see a new container). */
async function serviceId(target) {
  const [stack, name] = target.split('/');
  for (let i = 0; i < 60; i++) {
    const { services } = await api('GET', '/api/v1/services');
    const svc = services.find((s) => s.stack === stack && s.name === name);
    if (svc) return svc.id;
    await new Promise((r) => setTimeout(r, 500));
  }
  return die(`Opsdeck does not list ${target}`);
}

async function waitJob(id) {
  let seen = 0;
  for (;;) {
    const { job } = await api('GET', `/api/v1/jobs/${id}`);
    for (const s of job.steps.slice(seen)) say(`  ${s.level === 'error' ? '✗' : '·'} ${s.message}`);
    seen = job.steps.length;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function start(method, p, body) {
  const { job } = await api(method, p, body);
  say(`job ${job.id} (${job.kind}) started`);
  return waitJob(job.id);
}

const [cmd, target, ...rest] = process.argv.slice(2);
if (!cmd || !target?.includes('/'))
  die('usage: demo-opsdeck.mjs deploy|backup|restore-last <stack>/<service> …');
const id = encodeURIComponent(await serviceId(target));

if (cmd === 'deploy') {
  const [image, timeout = '60'] = rest;
  if (!image) die('deploy needs an image');
  const job = await start('POST', `/api/v1/services/${id}/deploy`, {
    image,
    timeoutSeconds: Number(timeout),
  });
  console.log(`deploy ${job.status}: ${job.error ?? `${target} now runs ${image}`}`);
} else if (cmd === 'backup') {
  const made = await start('POST', `/api/v1/services/${id}/backups`);
  if (made.status !== 'succeeded') die(`backup failed: ${made.error}`);
  const backupId = made.results.at(-1)?.target;
  const verified = await start('POST', `/api/v1/backups/${backupId}/verify`);
  if (verified.status !== 'succeeded') die(`restore test of ${backupId} failed: ${verified.error}`);
  const { backup } = await api('GET', `/api/v1/backups/${backupId}`);
  console.log(`backup ${backupId} verified: ${backup?.verifyMessage ?? 'checks passed'}`);
} else if (cmd === 'restore-last') {
  const { backups } = await api('GET', `/api/v1/services/${id}/backups`);
  const last = backups
    .filter((b) => b.status === 'verified' && b.kind !== 'undo')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!last) die(`${target} has no verified backup to restore`);
  const [volumeName] = rest;
  say(`restoring ${last.id} of ${last.createdAt} (${last.verifyMessage ?? 'verified'})`);
  const body = volumeName ? { target: 'new-volume', volumeName } : { target: 'in-place', undo: false };
  const job = await start('POST', `/api/v1/backups/${last.id}/restore`, body);
  if (job.status !== 'succeeded') die(`restore failed: ${job.error}`);
  console.log(`restored ${last.id} into ${volumeName ? `volume ${volumeName}` : target}`);
} else die(`unknown command ${cmd}`);
