import fs from 'node:fs';
import path from 'node:path';

/**
 * One Opsdeck process per data directory. Two servers on one store would both mark each other's
 * running jobs interrupted at boot, both remove "partial" backups the other is writing, and both act
 * on the engine: the second must refuse to start, saying why.
 *
 * The lock is a file created with O_EXCL holding the owner's pid. A lock whose pid is no longer alive
 * (the owner was SIGKILLed) is stale and taken over; a lock holding our own pid is ours (a restarted
 * container is pid 1 again). Pids are only comparable inside one pid namespace: two containers
 * sharing a volume are not detected, which the deployment docs rule out (one replica).
 */
export const LOCK_FILE = 'opsdeck.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `data directory ${dataDir} is in use by another Opsdeck process (pid ${pid}); stop it first, ` +
        `or delete ${path.join(dataDir, LOCK_FILE)} if no Opsdeck is running`,
    );
    this.name = 'DataDirLockedError';
  }
}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the data directory's lock for this process, or throws `DataDirLockedError`. Idempotent. */
export function lockDataDir(dataDir: string): void {
  const dir = path.resolve(dataDir);
  if (held.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held.add(dir);
      process.once('exit', () => unlockDataDir(dir));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = readPid(file);
    if (pid === process.pid) {
      held.add(dir);
      return;
    }
    if (pid !== null && alive(pid)) throw new DataDirLockedError(dir, pid);
    // Stale (owner gone) or empty (owner died between create and write): remove and retry. Known
    // gap: two processes taking over one stale lock in the same instant can both succeed.
    fs.rmSync(file, { force: true });
  }
  const pid = readPid(file);
  throw new DataDirLockedError(dir, pid ?? 0);
}

/** Releases the lock if this process holds it. */
export function unlockDataDir(dataDir: string): void {
  const dir = path.resolve(dataDir);
  if (!held.delete(dir)) return;
  const file = path.join(dir, LOCK_FILE);
  if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
}
