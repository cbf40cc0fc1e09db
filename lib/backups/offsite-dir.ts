import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fsyncFile } from './archive';
import type { Backup } from './catalog';
import { fsyncDir } from './create';
import { MANIFEST_FILE } from './manifest';
import type { OffsiteTarget } from './offsite';
import { backupFiles, checkBackupDir } from './offsite-check';

const ID = /^[0-9a-z-]{1,100}$/;
function safe(id: string): string {
  if (!ID.test(id)) throw new Error(`not a backup id: ${id.slice(0, 40)}`);
  return id;
}

async function copyFiles(fromDir: string, toDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const to = path.join(toDir, name);
    await pipeline(fs.createReadStream(path.join(fromDir, name)), fs.createWriteStream(to, { flags: 'wx' }));
    await fsyncFile(to);
  }
}

/**
 * A plain directory (another disk's or host's mount): `<root>/<id>/`, written into `<id>.partial`,
 * checked (sha256 of every file against manifest and catalog) and renamed when whole.
 */
export function directoryTarget(root: string): OffsiteTarget {
  const dirOf = (id: string) => path.join(root, safe(id));
  return {
    describe: `directory ${root}`,
    async put(backup: Pick<Backup, 'id' | 'sha256'>, fromDir: string) {
      fs.mkdirSync(root, { recursive: true });
      const partial = `${dirOf(backup.id)}.partial`;
      fs.rmSync(partial, { recursive: true, force: true });
      fs.mkdirSync(partial);
      try {
        await copyFiles(fromDir, partial, backupFiles(fromDir));
        await checkBackupDir(backup, partial);
        fs.rmSync(dirOf(backup.id), { recursive: true, force: true });
        fs.renameSync(partial, dirOf(backup.id));
        fsyncDir(root);
      } catch (err) {
        fs.rmSync(partial, { recursive: true, force: true });
        throw err;
      }
    },
    async has(id) {
      return fs.existsSync(path.join(dirOf(id), MANIFEST_FILE));
    },
    async fetchInto(id, toDir) {
      await copyFiles(dirOf(id), toDir, backupFiles(dirOf(id)));
    },
    async remove(id) {
      fs.rmSync(dirOf(id), { recursive: true, force: true });
    },
  };
}
