import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HashCounter } from './archive';
import type { Backup } from './catalog';
import { MANIFEST_FILE, type Manifest } from './manifest';
import { parseManifest } from './read-backup';

/** sha256 and size of a file, read once. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = new HashCounter();
  await pipeline(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), hash, async (source) => {
    for await (const _ of source) {
      // drained: only the hash is wanted
    }
  });
  return { sha256: hash.digest(), bytes: hash.bytes };
}

/**
 * Proves a backup directory is the catalogued backup: the manifest hashes to the catalog's sha256,
 * every archive to the manifest's sha256 and size. Throws naming the first file that does not.
 */
export async function checkBackupDir(backup: Pick<Backup, 'id' | 'sha256'>, dir: string): Promise<Manifest> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const m = await hashFile(manifestFile);
  if (m.sha256 !== backup.sha256)
    throw new Error(`manifest of ${backup.id} does not match the catalog (sha256 ${m.sha256})`);
  const manifest = parseManifest(fs.readFileSync(manifestFile));
  for (const v of manifest.volumes) {
    const name = path.basename(v.archive);
    const r = await hashFile(path.join(dir, name));
    if (r.sha256 !== v.sha256 || r.bytes !== v.archiveBytes)
      throw new Error(`${name} of ${backup.id} does not match its manifest (sha256 ${r.sha256})`);
  }
  return manifest;
}

/** The files of a backup directory, manifest LAST: a target that has the manifest has it all. */
export function backupFiles(dir: string): string[] {
  const manifest = parseManifest(fs.readFileSync(path.join(dir, MANIFEST_FILE)));
  return [...manifest.volumes.map((v) => path.basename(v.archive)), MANIFEST_FILE];
}
