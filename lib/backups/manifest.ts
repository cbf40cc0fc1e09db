import { z } from 'zod';

/**
 * manifest.json, written last into a backup's directory: what was copied and how to prove it.
 * `format` is checked on upload so a foreign tar is refused before anything is listed.
 */
export const MANIFEST_FORMAT = 'opsdeck-backup/1';
export const MANIFEST_FILE = 'manifest.json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestVolumeSchema = z.object({
  /** volume name, or host path of a bind mount */
  source: z.string().min(1).max(4096),
  type: z.enum(['volume', 'bind']),
  /** where the service mounts it */
  destination: z.string().min(1).max(4096),
  /** file name inside the backup directory */
  archive: z.string().regex(/^volume-\d{1,4}\.tar\.gz$/),
  files: z.number().int().min(0),
  dirs: z.number().int().min(0),
  symlinks: z.number().int().min(0),
  /** bytes of file contents (uncompressed) */
  contentBytes: z.number().int().min(0),
  /** bytes of the compressed archive */
  archiveBytes: z.number().int().min(0),
  sha256: sha256Hex,
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  id: z.string().min(1).max(100),
  service: z.object({
    id: z.string().min(1).max(1024),
    host: z.string().max(200),
    stack: z.string().max(200),
    name: z.string().max(200),
  }),
  kind: z.enum(['manual', 'undo', 'upload']),
  createdAt: z.string(),
  opsdeckVersion: z.string().max(50),
  images: z.array(
    z.object({ container: z.string().max(300), image: z.string().max(500), imageId: z.string().max(200) }),
  ),
  pre: z
    .object({ command: z.string().max(4096), exitCode: z.number().int(), output: z.string().max(70_000) })
    .nullable(),
  stopped: z.boolean(),
  compression: z.literal('gzip'),
  volumes: z.array(manifestVolumeSchema).max(100),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestVolume = z.infer<typeof manifestVolumeSchema>;
