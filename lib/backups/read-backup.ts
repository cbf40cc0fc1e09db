import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Backup } from './catalog';
import { MANIFEST_FILE, type Manifest, manifestSchema } from './manifest';
import { backupDir } from './paths';

/**
 * The manifest of a catalogued backup, checked against the catalog's sha256 so a changed manifest
 * (and through it a changed archive checksum) is caught before anything trusts it.
 */
export function readManifest(backup: Pick<Backup, 'id' | 'sha256'>): Manifest {
  const file = path.join(backupDir(backup.id), MANIFEST_FILE);
  let text: Buffer;
  try {
    text = fs.readFileSync(file);
  } catch (err) {
    throw new Error(
      `backup ${backup.id} is missing from disk (${(err as { code?: string }).code ?? 'unreadable'})`,
    );
  }
  const sha = createHash('sha256').update(text).digest('hex');
  if (sha !== backup.sha256)
    throw new Error(`manifest of ${backup.id} was changed: sha256 ${sha} ≠ ${backup.sha256}`);
  return parseManifest(text);
}

export function parseManifest(text: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch {
    throw new Error('manifest.json is not valid JSON');
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(
      `manifest.json is not an Opsdeck backup manifest: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`,
    );
  }
  return r.data;
}

export function archivePath(backupId: string, archive: string): string {
  return path.join(backupDir(backupId), path.basename(archive));
}
