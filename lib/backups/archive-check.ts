import type { ManifestVolume } from './manifest';
import type { TarStats } from './tar-scan';

/**
 * Whether what was read from an archive is what the manifest recorded at backup time: the
 * compressed bytes (sha256, size) and the listing (files, content bytes). Null when it matches.
 */
export function archiveMismatch(
  v: ManifestVolume,
  found: { sha256: string; bytes: number; stats: TarStats },
): string | null {
  if (found.bytes !== v.archiveBytes || found.sha256 !== v.sha256)
    return `${v.archive} (${v.source}) was altered: sha256 ${found.sha256} ≠ ${v.sha256} recorded at backup time`;
  if (found.stats.files !== v.files || found.stats.contentBytes !== v.contentBytes)
    return `${v.archive} holds ${found.stats.files} files / ${found.stats.contentBytes} bytes, the manifest says ${v.files} / ${v.contentBytes}`;
  return null;
}

/** A stream failure that means the archive itself is bad (gzip or tar damage), not the engine. */
export function isArchiveDamage(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && code.startsWith('Z_')) || (err as Error)?.name === 'TarFormatError';
}
