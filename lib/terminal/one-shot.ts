import { env } from '@/lib/config/env';
import { engine } from '@/lib/docker/engine';
import { ExecTimeout, runExec } from '@/lib/docker/run-exec';
import { AppError, conflict, forbidden } from '@/lib/errors';
import { engineStatus, execTarget } from './target';

const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * `POST /api/v1/containers/{id}/exec`: runs `cmd` to completion in one running replica (no TTY, no
 * stdin) and answers its exit code and its demultiplexed output, capped. At the timeout the answer
 * says so; the engine cannot stop an exec, so the command keeps running in the container.
 */
export async function runOneShot(
  ref: string,
  cmd: string[],
  timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
): Promise<{ output: string; exitCode: number | null; timedOut: boolean }> {
  const { service, container } = await execTarget(ref);
  const handle = engine(service.host).container(container.id);
  try {
    const r = await runExec(handle, cmd, {
      timeoutMs: timeoutSeconds * 1000,
      maxBytes: env().OPSDECK_EXEC_OUTPUT_MAX_BYTES,
    });
    return { output: r.output, exitCode: r.exitCode, timedOut: false };
  } catch (err) {
    if (err instanceof ExecTimeout) return { output: err.output, exitCode: null, timedOut: true };
    if (err instanceof AppError) throw err;
    const status = engineStatus(err);
    // the container stopped (or was paused) between the look-up and the exec
    if (status === 409 || status === 404) throw conflict(`The container ${container.name} is not running`);
    if (status === 403)
      throw forbidden(`Refused by the engine or its socket proxy: ${(err as Error).message}`);
    throw new AppError('upstream', `The engine could not run the command: ${(err as Error).message}`);
  }
}
