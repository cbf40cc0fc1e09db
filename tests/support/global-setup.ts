import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * Integration tests run against the real sandbox engine, started (idempotently) by the same script
 * as the demo, with the demo's images built locally.
 */
export default function setup(): void {
  const run = (script: string, args: string[] = []) =>
    execFileSync('bash', [path.join(root, 'scripts', script), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    }).trim();
  if (!process.env.DOCKER_HOST) {
    const host = run('sandbox.sh', ['start']).split('\n').at(-1);
    if (!host?.startsWith('unix://')) {
      throw new Error(
        `sandbox engine did not start (scripts/sandbox.sh start printed "${host}"); install docker.io`,
      );
    }
    process.env.DOCKER_HOST = host;
  }
  // sqlite and postgres: the backup recipes' database images (tests/integration/backups-recipes.test.ts)
  run('images.sh', ['busybox', 'redis', 'app', 'sqlite', 'postgres']);
}
