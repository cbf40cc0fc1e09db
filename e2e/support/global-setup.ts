import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer } from './server';

const STATE = path.join(ROOT, 'test-results', 'e2e-server.json');

/** Starts the sandbox engine (idempotently, same script as the demo) and one shared server. */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
    throw new Error(
      'Chromium not found at /usr/bin/chromium: run scripts/system-deps.sh (apt-get install chromium)',
    );
  }
  if (!process.env.DOCKER_HOST) {
    process.env.DOCKER_HOST = execFileSync('bash', [path.join(ROOT, 'scripts/sandbox.sh'), 'start'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1);
  }
  execFileSync('bash', [path.join(ROOT, 'scripts/images.sh')], { stdio: 'inherit' });
  const server = await startServer();
  process.env.E2E_BASE_URL = server.url;
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  fs.writeFileSync(STATE, JSON.stringify({ pid: server.pid, url: server.url, dataDir: server.dataDir }));
}
