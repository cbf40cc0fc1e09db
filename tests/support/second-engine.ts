import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * A second sandbox engine of its own, for tests that stop and start an engine without disturbing
 * the shared one (scripts/sandbox.sh with another OPSDECK_SANDBOX_DIR).
 */
export function secondEngine(name = 'second', extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPSDECK_SANDBOX_DIR: sandboxDir(name),
    OPSDECK_SANDBOX_SWARM: '0',
    ...extraEnv,
  };
  delete env.DOCKER_HOST;
  const run = (cmd: string) =>
    execFileSync('bash', [path.join(root, 'scripts/sandbox.sh'), cmd], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .at(-1) ?? '';
  return {
    start: () => run('start'),
    stop: () => {
      run('stop');
    },
  };
}

/** The folder (ignored by git) a second engine keeps its data, exec root and pidfile in. */
export function sandboxDir(name: string): string {
  return path.join(root, '.sandbox', name);
}
