import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { env } from '@/lib/config/env';

/**
 * One file into a bucket, resumable mid-file. Files up to one part go in one PUT; larger ones as a
 * multipart upload whose journal — the upload id and, per stored part, the md5 of its bytes and the
 * ETag the bucket answered — is written to `$OPSDECK_DATA_DIR/offsite-uploads/` after every part.
 * A copy cut off part-way resumes at the first part not stored, after proving each stored part
 * against the local bytes (same range, same md5), so a changed file is never stitched together.
 * Parts go one at a time: the file is read once, in order, and its sha256 (the end-to-end check)
 * is taken over the same bytes, resumed or not. Every part carries Content-MD5, which the bucket
 * checks on arrival.
 */
export const PART_BYTES = 8 * 1024 * 1024;

interface StoredPart {
  md5: string;
  etag: string;
}

interface Journal {
  bucket: string;
  key: string;
  uploadId: string;
  size: number;
  sha256: string;
  parts: Record<string, StoredPart>;
}

export interface UploadOutcome {
  /** parts proven already in the bucket and not sent again */
  resumedParts: number;
  sentParts: number;
}

const journalDir = () => path.join(env().dataDir, 'offsite-uploads');
const journalFile = (bucket: string, key: string) =>
  path.join(journalDir(), `${createHash('sha256').update(`${bucket}\n${key}`).digest('hex')}.json`);

function readJournal(bucket: string, key: string): Journal | null {
  try {
    const j = JSON.parse(fs.readFileSync(journalFile(bucket, key), 'utf8')) as Journal;
    return j.bucket === bucket && j.key === key && typeof j.uploadId === 'string' ? j : null;
  } catch {
    return null;
  }
}

function writeJournal(j: Journal): void {
  fs.mkdirSync(journalDir(), { recursive: true });
  const file = journalFile(j.bucket, j.key);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(j));
  fs.renameSync(`${file}.tmp`, file);
}

function dropJournal(bucket: string, key: string): void {
  fs.rmSync(journalFile(bucket, key), { force: true });
}

/** Journals of unfinished uploads under a key prefix (a removed backup's, say). */
export function unfinishedUploads(bucket: string, prefix: string): Journal[] {
  if (!fs.existsSync(journalDir())) return [];
  return fs.readdirSync(journalDir()).flatMap((name) => {
    if (!name.endsWith('.json')) return [];
    try {
      const j = JSON.parse(fs.readFileSync(path.join(journalDir(), name), 'utf8')) as Journal;
      return j.bucket === bucket && j.key.startsWith(prefix) ? [j] : [];
    } catch {
      return [];
    }
  });
}

/** Gives up an unfinished upload: the bucket frees its parts, the journal goes. */
export async function abandonUpload(client: S3Client, j: Journal): Promise<void> {
  await client
    .send(new AbortMultipartUploadCommand({ Bucket: j.bucket, Key: j.key, UploadId: j.uploadId }))
    .catch(() => undefined);
  dropJournal(j.bucket, j.key);
}

const isNoSuchUpload = (err: unknown) =>
  (err as { name?: string; Code?: string }).name === 'NoSuchUpload' ||
  (err as { Code?: string }).Code === 'NoSuchUpload';

function readRange(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) throw new Error(`the file ended at ${offset + got} bytes, before ${offset + length}`);
    got += n;
  }
  return buf;
}

const changed = (name: string, sha256: string) =>
  new Error(`${name} changed while it was uploaded (sha256 no longer ${sha256})`);

export async function uploadFile(
  client: S3Client,
  bucket: string,
  key: string,
  file: string,
  expected: { size: number; sha256: string },
): Promise<UploadOutcome> {
  const name = path.basename(file);
  const fd = fs.openSync(file, 'r');
  try {
    if (expected.size <= PART_BYTES) {
      const body = readRange(fd, 0, expected.size);
      if (createHash('sha256').update(body).digest('hex') !== expected.sha256)
        throw changed(name, expected.sha256);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          Metadata: { sha256: expected.sha256 },
        }),
      );
      return { resumedParts: 0, sentParts: 1 };
    }
    try {
      return await multipart(client, bucket, key, fd, name, expected);
    } catch (err) {
      if (!isNoSuchUpload(err)) throw err;
      // the bucket no longer knows the upload (expired, aborted by a lifecycle rule): start over once
      dropJournal(bucket, key);
      return await multipart(client, bucket, key, fd, name, expected);
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function multipart(
  client: S3Client,
  bucket: string,
  key: string,
  fd: number,
  name: string,
  expected: { size: number; sha256: string },
): Promise<UploadOutcome> {
  let journal = readJournal(bucket, key);
  if (journal && (journal.size !== expected.size || journal.sha256 !== expected.sha256)) {
    await abandonUpload(client, journal);
    journal = null;
  }
  if (!journal) {
    const created = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, Metadata: { sha256: expected.sha256 } }),
    );
    if (!created.UploadId) throw new Error('the bucket gave no upload id');
    journal = {
      bucket,
      key,
      uploadId: created.UploadId,
      size: expected.size,
      sha256: expected.sha256,
      parts: {},
    };
    writeJournal(journal);
  }
  const j = journal;
  const whole = createHash('sha256');
  const outcome: UploadOutcome = { resumedParts: 0, sentParts: 0 };
  const count = Math.ceil(expected.size / PART_BYTES);
  for (let n = 1; n <= count; n++) {
    const offset = (n - 1) * PART_BYTES;
    const body = readRange(fd, offset, Math.min(PART_BYTES, expected.size - offset));
    whole.update(body);
    const md5 = createHash('md5').update(body);
    const md5hex = md5.copy().digest('hex');
    if (j.parts[n]?.md5 === md5hex) {
      outcome.resumedParts++;
      continue;
    }
    const stored = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: j.uploadId,
        PartNumber: n,
        Body: body,
        ContentLength: body.length,
        ContentMD5: md5.digest('base64'),
      }),
    );
    j.parts[n] = { md5: md5hex, etag: stored.ETag ?? `"${md5hex}"` };
    writeJournal(journal);
    outcome.sentParts++;
  }
  if (whole.digest('hex') !== expected.sha256) {
    await abandonUpload(client, journal);
    throw changed(name, expected.sha256);
  }
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: j.uploadId,
      MultipartUpload: {
        Parts: Array.from({ length: count }, (_, i) => ({
          PartNumber: i + 1,
          ETag: j.parts[i + 1]?.etag,
        })),
      },
    }),
  );
  dropJournal(bucket, key);
  return outcome;
}
