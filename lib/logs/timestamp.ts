/**
 * The engine prefixes each line with an RFC 3339 time (`timestamps=1`). Its fraction may be short
 * or absent, so it is normalised to 9 digits: merged replicas are then ordered by plain string order.
 */

const MAX_TS_CHARS = 40;
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

export function normaliseTimestamp(raw: string): string | null {
  // The engine's usual form already is the normalised one. Checked strictly: the result is written into
  // NDJSON without escaping, so it must hold only digits and separators.
  if (raw.length === 30 && CANONICAL.test(raw)) return raw;
  if (raw.length < 20 || raw.length > MAX_TS_CHARS || raw[4] !== '-' || raw[10] !== 'T') return null;
  if (raw.endsWith('Z')) {
    const dot = raw.indexOf('.');
    const whole = dot === -1 ? raw.slice(0, -1) : raw.slice(0, dot);
    const fraction = dot === -1 ? '' : raw.slice(dot + 1, -1);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(whole) || !/^\d{0,9}$/.test(fraction)) return null;
    return `${whole}.${fraction.padEnd(9, '0')}Z`;
  }
  // An offset other than Z: convert through Date (nanoseconds beyond ms are lost; the engine sends Z).
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return null;
  return `${new Date(ms).toISOString().slice(0, -1)}000000Z`;
}

/** Splits `<ts> <rest>` at the first space; ts is '' when the prefix is not a timestamp. */
export function splitTimestamp(line: string): { ts: string; rest: string } {
  const space = line.indexOf(' ');
  if (space > 0 && space <= MAX_TS_CHARS) {
    const ts = normaliseTimestamp(line.slice(0, space));
    if (ts) return { ts, rest: line.slice(space + 1) };
  }
  return { ts: '', rest: line };
}

/** Date → the normalised form (for comparing with `until`/`since`). */
export function timestampOf(date: Date): string {
  return `${date.toISOString().slice(0, -1)}000000Z`;
}

/** Engine `since`/`until` parameter: Unix seconds with a fraction. */
export function engineTime(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

/** Engine `since` from a normalised timestamp, keeping nanoseconds so a reattach resumes exactly. */
export function engineTimeOfTimestamp(ts: string): string {
  const seconds = Math.floor(Date.parse(`${ts.slice(0, 19)}Z`) / 1000);
  return `${seconds}.${ts.slice(20, 29)}`;
}
