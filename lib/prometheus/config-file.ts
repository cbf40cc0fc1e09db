import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { env } from '@/lib/config/env';
import { OPSDECK } from '@/lib/docker/labels';
import { logger } from '@/lib/log/logger';

/**
 * The `services` section of OPSDECK_CONFIG (YAML or JSON): the same `opsdeck.*` labels a compose file
 * would set, for services whose labels cannot be changed. Keyed by `stack/service`; wins over labels.
 * Other top-level sections belong to other modules and are left alone.
 */
export const mappingConfigSchema = z
  .object({
    services: z
      .record(z.string(), z.object({ labels: z.record(z.string(), z.union([z.string(), z.number()])) }))
      .default({}),
  })
  .loose();

export type MappingConfig = z.infer<typeof mappingConfigSchema>;

export interface LoadedMappingConfig {
  /** label overrides by `stack/service` */
  services: Record<string, Record<string, string>>;
  /** why the file could not be used; its services then fall back to their own labels */
  error: string | null;
}

const SERVICE_KEY = /^[^/\s]*\/[^/\s]+$/;
const EMPTY: LoadedMappingConfig = { services: {}, error: null };

interface CacheEntry {
  path: string;
  mtimeMs: number;
  checkedAt: number;
  loaded: LoadedMappingConfig;
}

/** Every service's contribution reads the config: stat the file at most once a second. */
const RECHECK_MS = 1000;
const holder = globalThis as unknown as { __opsdeckMappingConfig?: CacheEntry };

/** Reads OPSDECK_CONFIG, re-reading only when the file changes. Never throws. */
export function loadMappingConfig(path = env().OPSDECK_CONFIG): LoadedMappingConfig {
  if (!path) return EMPTY;
  const recent = holder.__opsdeckMappingConfig;
  if (recent && recent.path === path && Date.now() - recent.checkedAt < RECHECK_MS) return recent.loaded;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch (err) {
    return {
      services: {},
      error: `OPSDECK_CONFIG ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    };
  }
  const cached = holder.__opsdeckMappingConfig;
  if (cached && cached.path === path && cached.mtimeMs === mtimeMs) {
    cached.checkedAt = Date.now();
    return cached.loaded;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      services: {},
      error: `OPSDECK_CONFIG ${path}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    };
  }
  const loaded = parseMappingConfig(text, path);
  if (loaded.error) logger().warn({ path, error: loaded.error }, 'OPSDECK_CONFIG not usable');
  holder.__opsdeckMappingConfig = { path, mtimeMs, checkedAt: Date.now(), loaded };
  return loaded;
}

export function parseMappingConfig(text: string, name = 'OPSDECK_CONFIG'): LoadedMappingConfig {
  let raw: unknown;
  try {
    raw = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return {
      services: {},
      error: `${name}: not valid ${name.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    };
  }
  const r = mappingConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { services: {}, error: `${name}: ${issues}` };
  }
  const services: Record<string, Record<string, string>> = {};
  for (const [key, entry] of Object.entries(r.data.services)) {
    if (!SERVICE_KEY.test(key))
      return { services: {}, error: `${name}: services.${key}: keys are "stack/service"` };
    const foreign = Object.keys(entry.labels).find((k) => !k.startsWith(OPSDECK.prefix));
    if (foreign)
      return { services: {}, error: `${name}: services.${key}.labels.${foreign}: only opsdeck.* labels` };
    services[key] = Object.fromEntries(Object.entries(entry.labels).map(([k, v]) => [k, String(v)]));
  }
  return { services, error: null };
}
