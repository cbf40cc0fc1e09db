import { createHash } from 'node:crypto';
import { readCapped } from '@/lib/streams/read-capped';
import type { Credentials } from './credentials';
import { type ImageReference, isLoopbackRegistry } from './reference';

/** What a registry may answer for a tag: a single manifest or an index of per-platform ones. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

const TIMEOUT_MS = 10_000;
const MAX_BODY = 4 * 1024 * 1024;

export interface RegistryOptions {
  credentials: Credentials | null;
  /** registries (host[:port]) spoken to over plain HTTP besides loopback ones */
  insecure: readonly string[];
  fetch?: typeof fetch;
}

/** A failed check, with a reason an operator can act on. */
export class RegistryError extends Error {}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="…"` → its scheme and parameters. */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(header);
  if (!m?.[1]) return null;
  const params: Record<string, string> = {};
  for (const p of (m[2] ?? '').matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g))
    if (p[1]) params[p[1].toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1].toLowerCase(), params };
}

const basic = (c: Credentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/**
 * The digest the registry holds for `ref`'s tag now: a HEAD of the manifest (which costs no pull
 * quota on Docker Hub), answering an auth challenge once (Basic, or Bearer with a token from the
 * realm it names), and a GET with the body hashed when the registry sends no Docker-Content-Digest.
 */
export async function remoteDigest(ref: ImageReference, opts: RegistryOptions): Promise<string> {
  const doFetch = opts.fetch ?? fetch;
  if (!ref.tag) throw new RegistryError('the reference names no tag');
  const plain = isLoopbackRegistry(ref.apiHost) || opts.insecure.includes(ref.apiHost);
  const url = `${plain ? 'http' : 'https'}://${ref.apiHost}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
  const call = async (method: 'HEAD' | 'GET', authorization: string | null) => {
    try {
      return await doFetch(url, {
        method,
        headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) },
        redirect: 'follow',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new RegistryError(`registry ${ref.apiHost} unreachable: ${causeOf(err)}`);
    }
  };
  let authorization: string | null = null;
  let res = await call('HEAD', null);
  if (res.status === 401) {
    authorization = await answerChallenge(parseChallenge(res.headers.get('www-authenticate')), ref, opts);
    res = await call('HEAD', authorization);
  }
  if (res.ok) {
    const digest = res.headers.get('docker-content-digest');
    if (digest && /^sha256:[0-9a-f]{64}$/.test(digest)) return digest;
    res = await call('GET', authorization);
    if (res.ok) {
      const body = await readCapped(res.body, MAX_BODY, () => new RegistryError('manifest too large'));
      return `sha256:${createHash('sha256').update(body).digest('hex')}`;
    }
  }
  throw new RegistryError(statusReason(res.status, ref));
}

function statusReason(status: number, ref: ImageReference): string {
  const what = `${ref.name}:${ref.tag}`;
  if (status === 401 || status === 403)
    return `registry ${ref.apiHost} refused access to ${what} (${status}): check the credentials`;
  if (status === 404) return `${what} is not in registry ${ref.apiHost} (404)`;
  if (status === 429) return `registry ${ref.apiHost} is rate-limiting (429)`;
  return `registry ${ref.apiHost} answered ${status} for ${what}`;
}

async function answerChallenge(
  challenge: Challenge | null,
  ref: ImageReference,
  opts: RegistryOptions,
): Promise<string> {
  if (challenge?.scheme === 'basic') {
    if (!opts.credentials)
      throw new RegistryError(`registry ${ref.apiHost} needs credentials and none are configured`);
    return basic(opts.credentials);
  }
  if (challenge?.scheme !== 'bearer' || !challenge.params.realm)
    throw new RegistryError(`registry ${ref.apiHost} answered 401 without a usable challenge`);
  let realm: URL;
  try {
    realm = new URL(challenge.params.realm);
  } catch {
    throw new RegistryError(`registry ${ref.apiHost} named a token realm that is not a URL`);
  }
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && isLoopbackRegistry(realm.host)))
    throw new RegistryError(`registry ${ref.apiHost} named a token realm that is not https`);
  if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
  realm.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(realm, {
      headers: opts.credentials ? { authorization: basic(opts.credentials) } : {},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new RegistryError(`token service ${realm.host} unreachable: ${causeOf(err)}`);
  }
  if (!res.ok) throw new RegistryError(`token service ${realm.host} answered ${res.status}`);
  const raw = await readCapped(res.body, 64 * 1024, () => new RegistryError('token answer too large'));
  let token: unknown;
  try {
    const body = JSON.parse(Buffer.from(raw).toString('utf8')) as { token?: unknown; access_token?: unknown };
    token = body.token ?? body.access_token;
  } catch {
    token = null;
  }
  if (typeof token !== 'string' || !token)
    throw new RegistryError(`token service ${realm.host} answered no token`);
  return `Bearer ${token}`;
}

function causeOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
