import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { ContainerHandle } from '@/lib/docker/engine';
import { TarFormatError, type TarStats, tarScanStream } from './tar-scan';

/**
 * Volume ↔ compressed file, streamed: engine archive API → tar scan → gzip → sha256 → file, and
 * back. Nothing is held in memory beyond the streams' buffers, whatever the volume's size.
 */

/** Fast gzip: backups are I/O-bound and level 1 keeps pace with the disk (see docs/backups.md). */
export const GZIP_LEVEL = 1;
const CHUNK = 256 * 1024;
/** Where a helper mounts the volume; archives hold `v/…` entries, restored at `/`. */
export const HELPER_MOUNT = '/v';

/** Counts the bytes flowing past. */
export class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly onBytes?: (total: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.count(chunk);
    done(null, chunk);
  }
  protected count(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
  }
}

/** Counts and hashes the bytes flowing past. */
export class HashCounter extends ByteCounter {
  private readonly hash = createHash('sha256');
  protected override count(chunk: Buffer): void {
    this.hash.update(chunk);
    super.count(chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

export interface ArchiveResult extends TarStats {
  archiveBytes: number;
  sha256: string;
}

/** Streams `/v` of a helper container into `file` (created exclusively, fsynced). */
export async function archiveToFile(
  helper: ContainerHandle,
  file: string,
  options: { signal: AbortSignal; onTarBytes?: (bytes: number) => void },
): Promise<ArchiveResult> {
  const source = await helper.getArchive(HELPER_MOUNT, options.signal);
  const { stream: scan, scanner } = tarScanStream();
  const tarBytes = new ByteCounter(options.onTarBytes);
  const compressed = new HashCounter();
  const out = fs.createWriteStream(file, { flags: 'wx', highWaterMark: CHUNK });
  await pipeline(
    source,
    tarBytes,
    scan,
    createGzip({ level: GZIP_LEVEL, chunkSize: CHUNK }),
    compressed,
    out,
    { signal: options.signal },
  );
  await fsyncFile(file);
  return { ...scanner.stats, archiveBytes: compressed.bytes, sha256: compressed.digest() };
}

export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface ArchiveInspection {
  sha256: string;
  /** compressed bytes */
  bytes: number;
  stats: TarStats;
  sample: string[];
}

/**
 * One pass over a compressed archive: sha256 and size of the file, and the tar scanner behind gunzip,
 * which proves it decompresses to a complete tar whose entries all live under `v/`.
 */
export async function inspectArchive(
  file: string,
  signal?: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<ArchiveInspection> {
  const sample: string[] = [];
  const outside: string[] = [];
  const { stream: scan, scanner } = tarScanStream({
    onEntry(entry) {
      if (!isUnderHelperMount(entry.name)) outside.push(entry.name);
      else if (sample.length < 20) sample.push(entry.name);
    },
  });
  const hash = new HashCounter(onBytes);
  await pipeline(
    fs.createReadStream(file, { highWaterMark: CHUNK }),
    hash,
    createGunzip({ chunkSize: CHUNK }),
    scan,
    async (source) => {
      for await (const _ of source) {
        // drained: the scanner has seen every header
      }
    },
    { signal },
  );
  if (outside.length > 0)
    throw new Error(
      `archive has entries outside the volume: ${outside.slice(0, 3).join(', ').slice(0, 300)}`,
    );
  return { sha256: hash.digest(), bytes: hash.bytes, stats: scanner.stats, sample };
}

export function isUnderHelperMount(name: string): boolean {
  const n = name.replace(/^\.\//, '');
  if (n !== 'v' && n !== 'v/' && !n.startsWith('v/')) return false;
  return !n.split('/').includes('..');
}

export interface StreamedArchive {
  /** sha256 and size of the compressed file as it was read */
  sha256: string;
  bytes: number;
  stats: TarStats;
}

/**
 * Streams a compressed archive into `putPath` of a helper (`/` puts its `v/…` entries into the
 * volume mounted at `/v`; a staging directory keeps them apart from live data), hashing the
 * compressed bytes and scanning the tar as they pass: one read of the file, so the integrity proof
 * costs no second pass. An entry outside `v/` stops the stream before the engine sees its header.
 * The caller compares the result with the manifest before it trusts what was written.
 */
export async function streamArchiveInto(
  helper: ContainerHandle,
  file: string,
  putPath: string,
  options: { signal: AbortSignal; onBytes?: (n: number) => void },
): Promise<StreamedArchive> {
  const { stream: scan, scanner } = tarScanStream({
    onEntry(entry) {
      if (!isUnderHelperMount(entry.name))
        throw new TarFormatError(`archive has an entry outside the volume: ${entry.name.slice(0, 200)}`);
    },
  });
  const hash = new HashCounter(options.onBytes);
  // pipeline destroys `body` on any failure upstream (a corrupt gzip), which aborts the upload
  const body = new PassThrough({ highWaterMark: CHUNK });
  const feeding = pipeline(
    fs.createReadStream(file, { highWaterMark: CHUNK }),
    hash,
    createGunzip({ chunkSize: CHUNK }),
    scan,
    body,
    { signal: options.signal },
  );
  const upload = helper.putArchive(body, putPath, options.signal).catch((err: unknown) => {
    body.destroy(err as Error);
    throw err;
  });
  await Promise.all([upload, feeding]);
  return { sha256: hash.digest(), bytes: hash.bytes, stats: scanner.stats };
}
