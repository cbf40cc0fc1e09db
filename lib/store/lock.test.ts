/**
 * Two Opsdeck processes on one data directory: the second refuses, naming the directory and the
 * first one's pid; once the first is SIGKILLed its lock is stale and the next process takes it.
 * Real processes take the real lock (lib/store/lock.ts, loaded through jiti, which the toolchain ships).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './lock';

const ROOT = path.resolve(import.meta.dirname, '../..');
const JITI = path.join(ROOT, 'node_modules/jiti/lib/jiti-cli.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-lock-'));
const script = path.join(dataDir, '..', `${path.basename(dataDir)}-take.ts`);
fs.writeFileSync(
  script,
  `import { lockDataDir } from ${JSON.stringify(path.join(ROOT, 'lib/store/lock.ts'))};
try { lockDataDir(process.argv[2]); } catch (e) { console.log(String(e.message)); process.exit(3); }
console.log('locked');
if (process.argv[3] === 'hold') setInterval(() => {}, 1000);
`,
);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(script, { force: true });
});

function holder(): Promise<ChildProcess> {
  if (!fs.existsSync(JITI)) throw new Error(`${JITI} missing: run npm ci (jiti comes with the toolchain)`);
  const child = spawn(process.execPath, [JITI, script, dataDir, 'hold'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) =>
      d.toString().includes('locked') ? resolve(child) : reject(new Error(d.toString())),
    );
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

const take = () => spawnSync(process.execPath, [JITI, script, dataDir], { encoding: 'utf8' });

describe('data directory lock', () => {
  it('refuses a second process, naming the directory and the other pid', async () => {
    const first = await holder();
    const second = take();
    expect(second.status).toBe(3);
    expect(second.stdout).toContain(
      `data directory ${dataDir} is in use by another Opsdeck process (pid ${first.pid})`,
    );
    expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(first.pid));
  });

  it('takes over the lock of a process that was SIGKILLed, and releases its own on exit', async () => {
    const first = children[0] ?? (await holder());
    const gone = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    await gone;
    // SIGKILL ran no exit handler: the stale lock is still there.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    const next = take();
    expect(next.stdout.trim()).toBe('locked');
    expect(next.status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
