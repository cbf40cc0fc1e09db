// Which engine call a request is. The list is Opsdeck's own (engine-calls.json, generated from
// lib/docker/engine-calls.ts): the proxy allows what Opsdeck's client may send and nothing else.
import fs from 'node:fs';

const file = new URL('./engine-calls.json', import.meta.url);
/** @type {{ name: string, method: string, path: string }[]} */
export const CALLS = JSON.parse(fs.readFileSync(file, 'utf8')).calls;

/** Beyond Opsdeck's own calls: the proxy's healthcheck pings the engine through the proxy. */
const EXTRA = [{ name: 'ping', method: 'GET', path: '/_ping' }];

// An id or a name is plain (what the engine itself accepts for names); an image reference may also
// hold `/`, `:` and `@` (ghcr.io/org/app:1, app@sha256:…).
const SEGMENT = '([a-zA-Z0-9][a-zA-Z0-9_.-]*)';
const IMAGE_REF = '([a-zA-Z0-9][a-zA-Z0-9_./:@-]*)';

function compile(path) {
  const names = [];
  const source = path
    .split(/(\{[a-z]+\*?\})/)
    .map((part) => {
      if (!part.startsWith('{')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.replace(/[{}*]/g, ''));
      return part.endsWith('*}') ? IMAGE_REF : SEGMENT;
    })
    .join('');
  return { re: new RegExp(`^${source}$`), names };
}

const compiled = [...CALLS, ...EXTRA].map((call) => ({ call, ...compile(call.path) }));

/**
 * The call a request is, with its path parameters; or a reason it is none. The path is refused
 * outright when it holds `%`, `..`, `//` or a backslash, so no decoding or cleaning on the engine's
 * side can turn an allowed path into another one.
 * @param {string} method
 * @param {string} url the request target (path and query)
 * @returns {{ ok: true, call: { name: string, method: string, path: string }, params: Record<string,string>, query: URLSearchParams } | { ok: false, why: string }}
 */
export function route(method, url) {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  if (!rawPath.startsWith('/') || /%|\.\.|\/\/|\\|#/.test(rawPath))
    return { ok: false, why: 'the path is encoded or not plain' };
  // API versions before 1.24 took a HostConfig on start and more: refused outright
  const version = /^\/v(\d+)\.(\d+)(?=\/)/.exec(rawPath);
  if (version && (Number(version[1]) < 1 || (Number(version[1]) === 1 && Number(version[2]) < 24)))
    return { ok: false, why: 'API versions before 1.24 are refused' };
  const bare = rawPath.replace(/^\/v\d+\.\d+(?=\/)/, '');
  let best = null;
  for (const c of compiled) {
    if (c.call.method !== method && !(method === 'HEAD' && c.call.method === 'GET' && c.call.name === 'ping'))
      continue;
    const m = c.re.exec(bare);
    // a longer (more specific) pattern wins: `/containers/json` before `/containers/{id}`
    if (m && (!best || c.call.path.length > best.c.call.path.length)) best = { c, m };
  }
  if (!best) return { ok: false, why: 'this engine call is not on its allow-list' };
  const params = {};
  best.c.names.forEach((n, k) => {
    params[n] = best.m[k + 1];
  });
  return { ok: true, call: best.c.call, params, query };
}
