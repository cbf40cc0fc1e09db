import { BlockList, isIP } from 'node:net';

/** Labels (or OPSDECK_CONFIG `services.<stack/name>.labels`) that declare a service's HTTP probes. */
export const PROBE_LABELS = {
  ready: 'opsdeck.probe.ready',
  live: 'opsdeck.probe.live',
  interval: 'opsdeck.probe.interval',
  timeout: 'opsdeck.probe.timeout',
  expect: 'opsdeck.probe.expect',
} as const;

export type ProbeKind = 'ready' | 'live';

export interface ProbeSpec {
  kind: ProbeKind;
  url: string;
  intervalMs: number;
  timeoutMs: number;
  /** accepted status ranges, inclusive */
  expect: [number, number][];
}

export const DEFAULT_INTERVAL_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 2_000;
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 3_600_000;

/** `5s`, `500ms`, `1m` or a bare number of seconds. */
export function parseInterval(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

/** `200`, `200-299`, `200,204,300-399`. */
export function parseExpect(text: string | undefined): [number, number][] | null {
  if (text === undefined) return [[200, 399]];
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{3})(?:\s*-\s*(\d{3}))?\s*$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = Number(m[2] ?? m[1]);
    if (lo < 100 || hi > 599 || hi < lo) return null;
    out.push([lo, hi]);
  }
  return out.length ? out : null;
}

/**
 * Where a probe may go. A probe URL is written by whoever can set a container label: hostile input.
 * Only http(s), no user:password, no redirects followed (the runner's job), and only to loopback
 * (Opsdeck beside the stack on the host network) unless OPSDECK_PROBE_ALLOW lists the address range
 * or the exact host name. Anything else — the cloud metadata address, the LAN, a public host — is refused.
 */
export class ProbePolicy {
  private readonly blocks = new BlockList();
  private readonly names = new Set<string>();

  constructor(allow: string | undefined) {
    this.blocks.addSubnet('127.0.0.0', 8, 'ipv4');
    this.blocks.addAddress('::1', 'ipv6');
    for (const raw of (allow ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [addr, bits] = raw.split('/');
      const family = addr ? isIP(addr) : 0;
      if (family && bits !== undefined)
        this.blocks.addSubnet(addr as string, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
      else if (family) this.blocks.addAddress(addr as string, family === 6 ? 'ipv6' : 'ipv4');
      else this.names.add(raw.toLowerCase());
    }
  }

  /** Why the URL may not be probed, or null when it may. */
  refusal(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not a URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `only http(s) is probed, not ${url.protocol}`;
    if (url.username || url.password) return 'credentials in a probe URL are refused';
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost') return null;
    const family = isIP(host);
    if (family)
      return this.blocks.check(host, family === 6 ? 'ipv6' : 'ipv4')
        ? null
        : `${host} is not an allowed probe address (loopback, or OPSDECK_PROBE_ALLOW)`;
    return this.names.has(host)
      ? null
      : `${host} is not an allowed probe host (list it in OPSDECK_PROBE_ALLOW)`;
  }
}

/** A service's probes from its labels, or why a declared one cannot run. */
export function probeSpecs(
  labels: Record<string, string>,
  policy: ProbePolicy,
): { specs: ProbeSpec[]; errors: string[] } {
  const errors: string[] = [];
  const interval = parseInterval(labels[PROBE_LABELS.interval]) ?? DEFAULT_INTERVAL_MS;
  const timeout = parseInterval(labels[PROBE_LABELS.timeout]) ?? DEFAULT_TIMEOUT_MS;
  const expect = parseExpect(labels[PROBE_LABELS.expect]);
  if (!expect) errors.push(`${PROBE_LABELS.expect}: like 200, 200-299 or 200,204`);
  const specs: ProbeSpec[] = [];
  for (const kind of ['ready', 'live'] as const) {
    const url = labels[PROBE_LABELS[kind]];
    if (!url) continue;
    const refused = policy.refusal(url);
    if (refused) {
      errors.push(`${PROBE_LABELS[kind]}: ${refused}`);
      continue;
    }
    specs.push({
      kind,
      url,
      intervalMs: Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, interval)),
      timeoutMs: Math.min(Math.max(100, timeout), Math.max(MIN_INTERVAL_MS, interval)),
      expect: expect ?? [[200, 399]],
    });
  }
  return { specs, errors };
}
