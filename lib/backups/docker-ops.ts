import { createHash, randomBytes } from 'node:crypto';
import type { ContainerHandle, Engine } from '@/lib/docker/engine';
import { OPSDECK_OWN } from '@/lib/docker/labels';
import { type CommandResult, OutputCapture, runExec } from '@/lib/docker/run-exec';
import { isNotFound } from '@/lib/docker/wait';
import { logger } from '@/lib/log/logger';
import { backupRoot } from './paths';

/**
 * The engine calls backups need: helper containers (created with a volume mounted, never on a
 * network), exec in a running container, and a bounded capture of their output.
 */

export const HELPER_LABEL = OPSDECK_OWN.helper;
/** Which installation made a helper (a hash of its backup dir): boot cleans only its own. */
export const HELPER_OWNER_LABEL = OPSDECK_OWN.helperOwner;

export function helperOwner(): string {
  return createHash('sha256').update(backupRoot()).digest('hex').slice(0, 16);
}
/** Output kept from a pre-command or a check: enough to read, never unbounded. */
export const MAX_OUTPUT_BYTES = 64 * 1024;

export interface HelperMount {
  type: 'volume' | 'bind';
  source: string;
  target: string;
}

export type { CommandResult };

export async function createHelper(
  docker: Engine,
  input: { image: string; mounts: HelperMount[]; cmd?: string[]; purpose: string },
): Promise<ContainerHandle> {
  return docker.createContainer({
    name: `opsdeck-helper-${input.purpose}-${randomBytes(4).toString('hex')}`,
    Image: input.image,
    // a helper never needs the image's own entrypoint; with no cmd it is only created, never started
    Entrypoint: input.cmd ? [] : undefined,
    Cmd: input.cmd ?? ['true'],
    Labels: { [HELPER_LABEL]: input.purpose, [HELPER_OWNER_LABEL]: helperOwner() },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      Mounts: input.mounts.map((m) => ({ Type: m.type, Source: m.source, Target: m.target })),
    },
  });
}

/** Removes a helper and its anonymous volumes (an image's VOLUME lines create some). */
export async function removeHelper(container: ContainerHandle): Promise<void> {
  // A helper that cannot be removed must not fail the job whose data is already copied: it is
  // logged, and the boot cleanup removes it. Gone (404) or being removed (409) is fine.
  await container.remove({ force: true, v: true }).catch((err: unknown) => {
    const status = (err as { statusCode?: number }).statusCode;
    if (!isNotFound(err) && status !== 409)
      logger().warn({ err, container: container.id }, 'could not remove a backup helper');
  });
}

export async function withHelper<T>(
  docker: Engine,
  input: { image: string; mounts: HelperMount[]; purpose: string },
  use: (container: ContainerHandle) => Promise<T>,
): Promise<T> {
  const helper = await createHelper(docker, input);
  try {
    return await use(helper);
  } finally {
    await removeHelper(helper);
  }
}

/** The (bounded, demultiplexed) output of a helper that has run. */
export async function helperOutput(helper: ContainerHandle): Promise<string> {
  const capture = new OutputCapture(false, MAX_OUTPUT_BYTES);
  capture.push(await helper.output());
  return capture.text();
}

/** Runs a command to completion in a fresh helper container and returns its exit code and output. */
export async function runHelper(
  docker: Engine,
  input: { image: string; mounts: HelperMount[]; cmd: string[]; purpose: string; signal?: AbortSignal },
): Promise<CommandResult> {
  const helper = await createHelper(docker, input);
  const onAbort = () => void helper.kill().catch(() => undefined);
  input.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await helper.start();
    const waited = await helper.wait();
    return { exitCode: waited.StatusCode, output: await helperOutput(helper) };
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
    await removeHelper(helper);
  }
}

/** Runs `sh -c command` in a running container (exec), up to timeoutMs. */
export function execInContainer(
  container: ContainerHandle,
  command: string,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<CommandResult> {
  return runExec(container, ['sh', '-c', command], { ...options, maxBytes: MAX_OUTPUT_BYTES });
}

/** Bytes used under a mount, from `du` in a helper; null when the image has no `du`. */
export async function measureBytes(
  docker: Engine,
  image: string,
  mount: HelperMount,
): Promise<number | null> {
  try {
    const r = await runHelper(docker, {
      image,
      mounts: [{ ...mount, target: '/v' }],
      cmd: ['du', '-s', '-k', '/v'],
      purpose: 'measure',
    });
    const kb = Number(r.output.trim().split(/\s+/)[0]);
    return r.exitCode === 0 && Number.isFinite(kb) ? kb * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Helpers never outlive their job; at boot this installation runs no job, so its own helpers still
 * there were left by a killed process (and would keep their volumes in use). Other installations'
 * helpers on the same engine are theirs to clean.
 */
export async function removeLeftoverHelpers(docker: Engine): Promise<number> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [HELPER_LABEL, `${HELPER_OWNER_LABEL}=${helperOwner()}`] },
  });
  await Promise.all(list.map((c) => removeHelper(docker.container(c.Id))));
  return list.length;
}
