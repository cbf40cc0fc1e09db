// Which container the proxy itself runs in, so it never lets anyone stop, enter, clone or copy it
// (nor Opsdeck's: both carry the label opsdeck.role, set in docker-compose.yml).
import fs from 'node:fs';
import os from 'node:os';
import { ROLE } from './create-check.mjs';

/** 64-hex container ids named in /proc/self/{cgroup,mountinfo} (the hostname file's mount names it). */
function ownIds() {
  const ids = new Set();
  for (const file of ['/proc/self/cgroup', '/proc/self/mountinfo']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/(?:containers\/|docker[-/])([0-9a-f]{64})/g)) ids.add(m[1]);
  }
  return ids;
}

/** @returns {(c: { Id?: string, Config?: { Labels?: Record<string,string> } }) => boolean} */
export function ownContainer() {
  const ids = ownIds();
  const host = os.hostname();
  const shortId = /^[0-9a-f]{12}$/.test(host) ? host : null;
  return (c) =>
    ROLE in (c.Config?.Labels ?? {}) ||
    (typeof c.Id === 'string' && (ids.has(c.Id) || (shortId !== null && c.Id.startsWith(shortId))));
}
