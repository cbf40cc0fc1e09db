import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, badRequest } from '@/lib/errors';
import { getDockerService } from '@/lib/services';
import { assertNotOpsdeck } from '@/lib/services/self';
import { inspectArchive } from './archive';
import { type Backup, getBackup, insertBackup } from './catalog';
import { describeFsError, fsyncDir, newBackupId, writeManifest } from './create';
import { assertBackupNotOpsdeck } from './guard';
import { MANIFEST_FILE } from './manifest';
import { backupDir, backupRoot, partialDir } from './paths';
import { archivePath, parseManifest, readManifest } from './read-backup';
import { ensureBackupsSource } from './source';
import { TarFormatError, TarScanner } from './tar-scan';
import { tarEnd, tarFileHeader, tarPadding } from './tar-write';

/** A download: manifest.json then each archive, as one tar streamed from disk. */
export async function downloadBackup(id: string): Promise<Response> {
  const backup = getBackup(id);
  await assertBackupNotOpsdeck(backup);
  let manifest: ReturnType<typeof readManifest>;
  try {
    manifest = readManifest(backup);
  } catch (err) {
    throw new AppError('unprocessable', err instanceof Error ? err.message : String(err));
  }
  const files = [MANIFEST_FILE, ...manifest.volumes.map((v) => v.archive)].map((name) => {
    const file = archivePath(backup.id, name);
    return { name, file, size: fs.statSync(file).size };
  });
  const length = files.reduce((n, f) => n + 512 + f.size + tarPadding(f.size).length, 0) + tarEnd().length;
  async function* body() {
    for (const f of files) {
      yield tarFileHeader(f.name, f.size);
      for await (const chunk of fs.createReadStream(f.file, { highWaterMark: 256 * 1024 }))
        yield chunk as Buffer;
      yield tarPadding(f.size);
    }
    yield tarEnd();
  }
  const stream = Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>;
  const filename = `opsdeck-backup-${backup.service.stack}-${backup.service.name}-${backup.id}.tar`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  return new Response(stream, {
    headers: {
      'content-type': 'application/x-tar',
      'content-length': String(length),
      'content-disposition': `attachment; filename="${filename}"`,
      'x-backup-sha256': backup.sha256,
    },
  });
}

const MAX_MANIFEST_BYTES = 1024 * 1024;
const UPLOAD_NAME = /^(manifest\.json|volume-\d{1,4}\.tar\.gz)$/;

/** Writes the uploaded tar's files into `dir`, refusing any other name; backpressure from disk. */
function extractUpload(dir: string): Writable {
  let current: fs.WriteStream | null = null;
  let failure: Error | null = null;
  const seen = new Set<string>();
  const pending: Promise<void>[] = [];
  const scanner = new TarScanner({
    onEntry(entry) {
      const name = entry.name.replace(/^\.\//, '');
      if (entry.type === 'dir' && (name === '' || name === '.' || name === './')) return;
      if (entry.type !== 'file' || !UPLOAD_NAME.test(name) || seen.has(name))
        throw new TarFormatError(
          `unexpected entry "${name.slice(0, 100)}": a backup tar holds manifest.json and volume-N.tar.gz`,
        );
      seen.add(name);
      current = fs.createWriteStream(path.join(dir, name), { flags: 'wx' });
      pending.push(closed(current));
      // a disk error (ENOSPC) surfaces at the next chunk instead of as an unhandled 'error' event
      current.on('error', (err) => {
        failure ??= err;
      });
    },
    onData(chunk) {
      current?.write(chunk);
    },
    onEntryEnd() {
      current?.end();
      current = null;
    },
  });
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (failure) return done(failure);
      try {
        scanner.write(chunk);
        const now = current as fs.WriteStream | null;
        if (now?.writableNeedDrain) now.once('drain', () => done());
        else done();
      } catch (err) {
        done(err as Error);
      }
    },
    final(done) {
      try {
        scanner.end();
        Promise.all(pending).then(() => done(failure), done);
      } catch (err) {
        done(err as Error);
      }
    },
    destroy(err, done) {
      (current as fs.WriteStream | null)?.destroy();
      done(err);
    },
  });
}

/** Settles when the file is closed; its error (if any) is already in `failure`. */
function closed(s: fs.WriteStream): Promise<void> {
  if (s.closed) return Promise.resolve();
  return new Promise((resolve) => s.once('close', () => resolve()));
}

/**
 * An uploaded backup belongs to the service the caller names (`serviceId`, required: the token limit
 * was checked on it), which must exist; the manifest's own `service` is never trusted, so an upload
 * cannot claim another service than the one the restore dialog then names. An uploaded backup:
 * extracted into a partial directory, its manifest checked, every archive's
 * sha256, size and listing compared with it; only then renamed into place and catalogued.
 */
export async function uploadBackup(request: Request, serviceId: string): Promise<Backup> {
  ensureBackupsSource();
  const svc = await getDockerService(serviceId);
  assertNotOpsdeck(svc);
  if (!request.body) throw badRequest('body: a backup tar is required');
  const id = newBackupId();
  const partial = partialDir(id);
  fs.mkdirSync(partial, { recursive: true });
  try {
    await pipeline(
      Readable.fromWeb(request.body as import('node:stream/web').ReadableStream),
      extractUpload(partial),
    ).catch((err: unknown) => {
      if (err instanceof TarFormatError) throw badRequest(`upload: ${err.message}`);
      throw err;
    });
    const manifestFile = path.join(partial, MANIFEST_FILE);
    if (!fs.existsSync(manifestFile)) throw badRequest('upload: the tar has no manifest.json');
    // read into memory and parsed as JSON: a real one is a few KiB
    if (fs.statSync(manifestFile).size > MAX_MANIFEST_BYTES)
      throw new AppError('payload_too_large', 'upload: manifest.json is larger than 1 MiB');
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest(fs.readFileSync(manifestFile));
    } catch (err) {
      throw badRequest(`upload: ${(err as Error).message}`);
    }
    for (const v of manifest.volumes) {
      const file = path.join(partial, v.archive);
      if (!fs.existsSync(file)) throw badRequest(`upload: ${v.archive} named by the manifest is missing`);
      const found = await inspectArchive(file).catch((err: unknown) => {
        throw badRequest(`upload: ${v.archive}: ${err instanceof Error ? err.message : String(err)}`);
      });
      if (found.sha256 !== v.sha256 || found.bytes !== v.archiveBytes)
        throw badRequest(`upload: ${v.archive} does not match the manifest (sha256 ${found.sha256})`);
      const { stats } = found;
      if (stats.files !== v.files)
        throw badRequest(`upload: ${v.archive} holds ${stats.files} files, the manifest says ${v.files}`);
    }
    fs.rmSync(manifestFile);
    const service = { id: svc.id, host: svc.host, stack: svc.stack, name: svc.name };
    const sha = writeManifest(partial, { ...manifest, id, kind: 'upload', service });
    fs.renameSync(partial, backupDir(id));
    fsyncDir(backupRoot());
    return insertBackup({ ...manifest, id, kind: 'upload', service }, sha, null, null);
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code)
      throw new AppError('internal', `upload failed: ${describeFsError(err)}`);
    throw err;
  }
}
