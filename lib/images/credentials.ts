import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '@/lib/config/env';
import type { ImageReference } from './reference';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Credentials for a registry, first from Opsdeck's setting `OPSDECK_REGISTRY_AUTH`
 * (`registry=user:password,…`, or that text in the file `OPSDECK_REGISTRY_AUTH_FILE`), then from the engine's client config (`$DOCKER_CONFIG/config.json`,
 * else `~/.docker/config.json`, or `OPSDECK_DOCKER_CONFIG`): its `auths` entries hold base64
 * `user:password`. Credential helpers (`credsStore`) are not run: Opsdeck starts no programs.
 */
export function credentialsFor(ref: ImageReference): Credentials | null {
  return fromSetting(ref.registry) ?? fromDockerConfig(ref.registry);
}

function settingText(): string | undefined {
  const { OPSDECK_REGISTRY_AUTH: inline, OPSDECK_REGISTRY_AUTH_FILE: file } = env();
  if (inline) return inline;
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined; // an unreadable secret file: anonymous, and the check says 401 if it matters
  }
}

function fromSetting(registry: string): Credentials | null {
  const raw = settingText();
  if (!raw) return null;
  for (const entry of raw.split(',')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    if (normalise(entry.slice(0, eq)) !== registry) continue;
    const pair = entry.slice(eq + 1);
    const colon = pair.indexOf(':');
    if (colon > 0) return { username: pair.slice(0, colon), password: pair.slice(colon + 1) };
  }
  return null;
}

/** `https://index.docker.io/v1/` → `docker.io`; `https://ghcr.io` → `ghcr.io`. */
export function normalise(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

export function dockerConfigPath(): string {
  const setting = env().OPSDECK_DOCKER_CONFIG;
  if (setting) return setting;
  const dir = process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

function fromDockerConfig(registry: string): Credentials | null {
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
  try {
    config = JSON.parse(fs.readFileSync(dockerConfigPath(), 'utf8'));
  } catch {
    return null; // no config (or unreadable): anonymous
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (normalise(key) !== registry || !entry) continue;
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (!entry.auth) continue;
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return null;
}
