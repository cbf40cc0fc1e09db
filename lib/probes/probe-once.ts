import type { ProbeSpec } from './targets';

export interface ProbeResult {
  ok: boolean;
  /** the HTTP status, null when there was no answer */
  status: number | null;
  latencyMs: number;
  at: string;
  /** what went wrong, in words: "answered 503", "timed out after 2000 ms", "connection refused" */
  detail: string;
}

const failureText = (err: unknown, timeoutMs: number): string => {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `timed out after ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED') return 'connection refused';
  return cause ?? (err instanceof Error ? err.message : String(err));
};

/**
 * One probe: a GET that follows no redirect (a 3xx is judged as it is, never followed somewhere
 * else) and reads no body — only the status and the time it took are kept.
 */
export async function probeOnce(spec: ProbeSpec): Promise<ProbeResult> {
  const started = performance.now();
  const at = new Date().toISOString();
  try {
    const res = await fetch(spec.url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(spec.timeoutMs),
      headers: { 'user-agent': 'opsdeck-probe' },
    });
    await res.body?.cancel().catch(() => undefined);
    const latencyMs = performance.now() - started;
    const ok = spec.expect.some(([lo, hi]) => res.status >= lo && res.status <= hi);
    return { ok, status: res.status, latencyMs, at, detail: `answered ${res.status}` };
  } catch (err) {
    return {
      ok: false,
      status: null,
      latencyMs: performance.now() - started,
      at,
      detail: failureText(err, spec.timeoutMs),
    };
  }
}
