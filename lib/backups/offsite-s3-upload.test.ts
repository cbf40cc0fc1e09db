import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { partCuttingProxy } from '@/tests/support/part-cutting-proxy';

// A real S3 server (s3rver, file-backed) behind a forwarder that can cut the connection after N
// stored parts; the upload code is the production one, nothing in between is faked.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-s3-upload-'));
process.env.OPSDECK_DATA_DIR = path.join(root, 'data');
resetEnvCache();
const { uploadFile, PART_BYTES, unfinishedUploads, abandonUpload } = await import('./offsite-s3-upload');

const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(root, 's3') });
const { port } = await server.run();
const proxy = await partCuttingProxy(`http://127.0.0.1:${port}`);
const client = (endpoint: string) =>
  new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
const direct = client(`http://127.0.0.1:${port}`);
const viaProxy = client(proxy.endpoint);
const BUCKET = 'uploads';
await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));

const file = path.join(root, 'archive.bin');
const facts = () => {
  const bytes = fs.readFileSync(file);
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
};
async function stored(key: string): Promise<string> {
  const r = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of r.Body as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

beforeEach(() => {
  // two and a half parts of random bytes
  fs.writeFileSync(file, randomBytes(PART_BYTES * 2 + PART_BYTES / 2));
  proxy.cutAfterParts = null;
  proxy.storedParts = [];
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('resumable multipart upload to a real S3 server', () => {
  it('cut after one part, resumes at part two and stores the same sha256', async () => {
    const expected = facts();
    proxy.cutAfterParts = 1;
    await expect(uploadFile(viaProxy, BUCKET, 'a/archive', file, expected)).rejects.toThrow();
    expect(proxy.storedParts).toEqual([1]);
    expect(unfinishedUploads(BUCKET, 'a/')).toHaveLength(1);

    proxy.cutAfterParts = null;
    proxy.storedParts = [];
    expect(await uploadFile(viaProxy, BUCKET, 'a/archive', file, expected)).toEqual({
      resumedParts: 1,
      sentParts: 2,
    });
    expect(proxy.storedParts).toEqual([2, 3]);
    expect(await stored('a/archive')).toBe(expected.sha256);
    const head = await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'a/archive' }));
    expect(head.Metadata?.sha256).toBe(expected.sha256);
    expect(unfinishedUploads(BUCKET, 'a/')).toEqual([]);
  }, 60_000);

  it('a file that changed between the attempts starts a new upload: nothing stitched together', async () => {
    proxy.cutAfterParts = 1;
    await expect(uploadFile(viaProxy, BUCKET, 'b/archive', file, facts())).rejects.toThrow();
    // the first part's bytes change; the new file has a new sha256, so the old upload is given up
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('changed'), 0, 7, 10);
    fs.closeSync(fd);
    const changed = facts();
    proxy.cutAfterParts = null;
    proxy.storedParts = [];
    expect(await uploadFile(viaProxy, BUCKET, 'b/archive', file, changed)).toEqual({
      resumedParts: 0,
      sentParts: 3,
    });
    expect(await stored('b/archive')).toBe(changed.sha256);
  }, 60_000);

  it('bytes that are not what the manifest says are refused, and the upload is given up', async () => {
    const { size } = facts();
    await expect(
      uploadFile(direct, BUCKET, 'c/archive', file, { size, sha256: 'f'.repeat(64) }),
    ).rejects.toThrow(/archive\.bin changed while it was uploaded/);
    expect(unfinishedUploads(BUCKET, 'c/')).toEqual([]);
    await expect(direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'c/archive' }))).rejects.toThrow();
  }, 60_000);

  it('abandoning an unfinished upload drops its journal', async () => {
    proxy.cutAfterParts = 1;
    await expect(uploadFile(viaProxy, BUCKET, 'd/archive', file, facts())).rejects.toThrow();
    const [journal] = unfinishedUploads(BUCKET, 'd/');
    if (!journal) throw new Error('no journal was kept');
    await abandonUpload(direct, journal);
    expect(unfinishedUploads(BUCKET, 'd/')).toEqual([]);
  }, 60_000);
});
