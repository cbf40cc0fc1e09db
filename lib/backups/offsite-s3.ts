import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { env } from '@/lib/config/env';
import { fsyncFile } from './archive';
import { MANIFEST_FILE } from './manifest';
import type { OffsiteTarget } from './offsite';
import { backupFiles } from './offsite-check';
import { abandonUpload, PART_BYTES, unfinishedUploads, uploadFile } from './offsite-s3-upload';
import { parseManifest } from './read-backup';

/**
 * An S3-compatible bucket (`OPSDECK_OFFSITE_S3_BUCKET`, `_ENDPOINT`, `_REGION`, `_PREFIX`). Keys:
 * `<prefix><id>/volume-N.tar.gz`, then `<prefix><id>/manifest.json` LAST, so a manifest there means
 * the whole backup is. Uploads are multipart (8 MiB parts, offsite-s3-upload.ts), each file hashed
 * as it is read and its sha256 stored as object metadata; an object already there with the right
 * size and sha256 is skipped, and a file cut off part-way resumes at its first part not stored.
 * What is fetched back is checked against manifest and catalog before use (offsite.ts).
 *
 * Credentials: `OPSDECK_OFFSITE_S3_ACCESS_KEY_ID` / `_SECRET_ACCESS_KEY`, or their `_FILE` forms (a
 * mounted secret), else the SDK's own chain. They go to the client only: never into `describe`, a
 * step, a log line, an answer or the audit log.
 */
function secret(value: string | undefined, file: string | undefined): string | undefined {
  if (value?.trim()) return value.trim();
  if (file?.trim()) return fs.readFileSync(file.trim(), 'utf8').trim();
  return undefined;
}

const holder = globalThis as unknown as { __opsdeckS3?: { key: string; client: S3Client } };

export function s3TargetFromEnv(): OffsiteTarget | null {
  const e = env();
  const bucket = e.OPSDECK_OFFSITE_S3_BUCKET?.trim();
  if (!bucket) return null;
  const endpoint = e.OPSDECK_OFFSITE_S3_ENDPOINT?.trim() || undefined;
  const region = e.OPSDECK_OFFSITE_S3_REGION?.trim() || 'us-east-1';
  const prefix = e.OPSDECK_OFFSITE_S3_PREFIX?.trim() ?? '';
  const accessKeyId = secret(e.OPSDECK_OFFSITE_S3_ACCESS_KEY_ID, e.OPSDECK_OFFSITE_S3_ACCESS_KEY_ID_FILE);
  const secretAccessKey = secret(
    e.OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY,
    e.OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY_FILE,
  );
  // one client per configuration; the key is a digest, so no secret sits in it as text
  const key = createHash('sha256')
    .update(JSON.stringify([endpoint, region, accessKeyId, secretAccessKey]))
    .digest('hex');
  if (holder.__opsdeckS3?.key !== key) {
    holder.__opsdeckS3?.client.destroy();
    holder.__opsdeckS3 = {
      key,
      client: new S3Client({
        region,
        endpoint,
        forcePathStyle: Boolean(endpoint),
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        // S3-compatible servers differ in the newer checksum trailers: our own sha256 covers the bytes
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    };
  }
  return s3Target(holder.__opsdeckS3.client, bucket, prefix, endpoint);
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

export function s3Target(client: S3Client, bucket: string, prefix: string, endpoint?: string): OffsiteTarget {
  const keyOf = (id: string, name: string) => `${prefix}${id}/${name}`;
  const head = (Key: string) =>
    client.send(new HeadObjectCommand({ Bucket: bucket, Key })).catch((err: unknown) => {
      if (isMissing(err)) return null;
      throw err;
    });
  return {
    describe: `s3://${bucket}/${prefix}${endpoint ? ` at ${endpoint}` : ''}`,
    async put(backup, fromDir, note) {
      const manifest = parseManifest(fs.readFileSync(path.join(fromDir, MANIFEST_FILE)));
      const expected = new Map<string, string>([
        [MANIFEST_FILE, backup.sha256],
        ...manifest.volumes.map((v): [string, string] => [path.basename(v.archive), v.sha256]),
      ]);
      // backupFiles lists the manifest last: an object named manifest.json means all the rest is there
      for (const name of backupFiles(fromDir)) {
        const file = path.join(fromDir, name);
        const size = fs.statSync(file).size;
        const sha256 = expected.get(name) ?? '';
        const Key = keyOf(backup.id, name);
        const there = await head(Key);
        if (there && there.ContentLength === size && there.Metadata?.sha256 === sha256) continue;
        const { resumedParts } = await uploadFile(client, bucket, Key, file, { size, sha256 });
        if (resumedParts > 0)
          note?.(
            `${name}: resumed after ${resumedParts} of ${Math.ceil(size / PART_BYTES)} parts already in the bucket (each proven by its md5)`,
          );
        const stored = await head(Key);
        if (stored?.ContentLength !== size || stored.Metadata?.sha256 !== sha256)
          throw new Error(
            `${name}: the bucket holds ${stored?.ContentLength ?? 'nothing'} bytes (sha256 ${stored?.Metadata?.sha256 ?? 'none'}), not ${size}`,
          );
      }
    },
    async has(id) {
      return (await head(keyOf(id, MANIFEST_FILE))) !== null;
    },
    async fetchInto(id, toDir) {
      const get = async (name: string) => {
        const to = path.join(toDir, name);
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(id, name) }));
        await pipeline(r.Body as NodeJS.ReadableStream, fs.createWriteStream(to, { flags: 'wx' }));
        await fsyncFile(to);
      };
      await get(MANIFEST_FILE);
      for (const name of backupFiles(toDir)) if (name !== MANIFEST_FILE) await get(name);
    },
    async remove(id) {
      for (const j of unfinishedUploads(bucket, keyOf(id, ''))) await abandonUpload(client, j);
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: keyOf(id, ''), MaxKeys: 1000 }),
      );
      // the manifest first: a half-removed copy is never taken for a whole one
      const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      keys.sort((a, b) => Number(b.endsWith(MANIFEST_FILE)) - Number(a.endsWith(MANIFEST_FILE)));
      for (const Key of keys) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    },
  };
}
