import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '@/lib/docker/engine';
import { isNotFound } from '@/lib/docker/wait';
import { backupRoot } from './paths';

/**
 * A backup or restore job that stops a service starts it again whatever happens, unless the process is
 * killed meanwhile. So the job notes what it stopped (beside the backups) before stopping it and drops
 * the note once it started it again; at boot, what a killed job left stopped is started again, as the
 * job itself would have done. Swarm services (scaled to 0) are not noted: swarmScale needs a job.
 */
export interface StoppedNote {
  host: string;
  containers: { id: string; name: string }[];
}

const PREFIX = '.stopped-';

function notePath(jobId: string): string {
  return path.join(backupRoot(), `${PREFIX}${jobId.replace(/[^A-Za-z0-9-]/g, '')}.json`);
}

export function noteStopped(jobId: string, note: StoppedNote): void {
  fs.mkdirSync(backupRoot(), { recursive: true });
  fs.writeFileSync(notePath(jobId), JSON.stringify(note));
}

export function clearStopped(jobId: string): void {
  fs.rmSync(notePath(jobId), { force: true });
}

/** Starts the containers killed jobs left stopped; returns their names. A note is dropped once done. */
export async function startLeftStopped(engineOf: (host: string) => Engine): Promise<string[]> {
  const root = backupRoot();
  if (!fs.existsSync(root)) return [];
  const started: string[] = [];
  for (const name of fs.readdirSync(root)) {
    if (!name.startsWith(PREFIX) || !name.endsWith('.json')) continue;
    const file = path.join(root, name);
    const note = JSON.parse(fs.readFileSync(file, 'utf8')) as StoppedNote;
    const docker = engineOf(note.host);
    for (const c of note.containers) {
      await docker
        .container(c.id)
        .start()
        .then(() => started.push(c.name))
        .catch((err: unknown) => {
          // already running (304) or removed since (404): nothing left to start
          if ((err as { statusCode?: number }).statusCode !== 304 && !isNotFound(err)) throw err;
        });
    }
    fs.rmSync(file, { force: true });
  }
  return started;
}
