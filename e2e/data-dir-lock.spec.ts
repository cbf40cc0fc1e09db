import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { ADMIN_PASSWORD, freePort, ROOT, startServer } from './support/server';

// Two real production servers (scripts/start.mjs) on one data directory: the second must refuse to
// start, exit non-zero and say which directory and which pid hold it; the first keeps serving.
// lib/store/lock.test.ts covers the lock itself between plain processes; this is the server's use of it.

test('a second server on the same data directory refuses to start; the first keeps serving', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-e2e-lock-'));
  const first = await startServer({}, dataDir);
  try {
    const port = await freePort();
    const second = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        OPSDECK_DATA_DIR: dataDir,
        OPSDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    second.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    second.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    // Boot (and so the lock) may wait for the first request: knock once, whatever it answers.
    await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    const code = await Promise.race([
      exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000)),
    ]);
    if (code === 'still running') second.kill('SIGKILL');
    expect(code, output).not.toBe('still running');
    expect(code).not.toBe(0);
    expect(output).toContain(
      `opsdeck: data directory ${dataDir} is in use by another Opsdeck process (pid ${first.pid})`,
    );
    expect(fs.readFileSync(path.join(dataDir, 'opsdeck.lock'), 'utf8').trim()).toBe(String(first.pid));

    // The first one is untouched: it answers, and its store still logs a user in.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first.url },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
  } finally {
    await first.stop();
  }
  // A clean stop releases the lock.
  expect(fs.existsSync(path.join(dataDir, 'opsdeck.lock'))).toBe(false);
});
