import { RE2JS } from 're2js';
import { z } from 'zod';
import { type LogLevel, logLevels, logStreams } from './types';

/**
 * The query of `GET …/logs`: tail, since/until (ISO time, Unix seconds, or relative like `15m`),
 * level list, case-insensitive regex `q`, stream, container, follow, download.
 */

const MAX_TAIL = 1_000_000;
const MAX_QUERY_CHARS = 500;
const RELATIVE = /^(\d{1,9})(ms|s|m|h|d|w)$/;
const UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `15m` → 15 minutes before `now`; ISO 8601; Unix seconds. null when it is none of these. */
export function parseTimeParam(value: string, now = Date.now()): Date | null {
  const v = value.trim();
  const rel = RELATIVE.exec(v);
  if (rel) {
    const unit = rel[2] as keyof typeof UNITS_MS;
    return new Date(now - Number(rel[1]) * UNITS_MS[unit]);
  }
  if (/^\d{9,11}(\.\d{1,9})?$/.test(v)) return new Date(Number(v) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A compiled search: RE2 semantics, so matching is linear in the line's length whatever the pattern. */
export type LogSearch = RE2JS;

/**
 * `q` runs on the server's one event loop against every line, so it is compiled by RE2 (re2js), whose
 * matching time is linear in the input: `(.|.)*ZZZ` costs what `ZZZ` costs. What RE2 cannot run
 * (backreferences, lookaround) is refused with its message instead of falling back to RegExp.
 */
export function compileSearch(q: string): LogSearch | string {
  try {
    return RE2JS.compile(q, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    return `not a valid regular expression (RE2 syntax: no backreferences or lookaround): ${reason}`;
  }
}

const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === '');

const time = (name: string) =>
  z
    .string()
    .max(64)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const date = parseTimeParam(v);
      if (!date) {
        ctx.addIssue({
          code: 'custom',
          message: `${name}: use an ISO time, Unix seconds or a duration like 15m`,
        });
        return z.NEVER;
      }
      return date;
    });

export const logsQuerySchema = z.object({
  tail: z
    .string()
    .optional()
    .transform((v, ctx): number | 'all' => {
      if (v === undefined || v === '') return 500;
      if (v === 'all') return 'all';
      if (!/^\d{1,7}$/.test(v) || Number(v) > MAX_TAIL) {
        ctx.addIssue({ code: 'custom', message: `a number from 0 to ${MAX_TAIL}, or all` });
        return z.NEVER;
      }
      return Number(v);
    }),
  since: time('since'),
  until: time('until'),
  level: z
    .string()
    .max(100)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const levels = v.split(',').map((s) => s.trim().toLowerCase());
      const unknown = levels.filter((l) => !(logLevels as readonly string[]).includes(l));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown level ${unknown.join(', ')}; use ${logLevels.join(',')}`,
        });
        return z.NEVER;
      }
      return new Set(levels as LogLevel[]);
    }),
  q: z
    .string()
    .max(MAX_QUERY_CHARS)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const compiled = compileSearch(v);
      if (typeof compiled === 'string') {
        ctx.addIssue({ code: 'custom', message: compiled });
        return z.NEVER;
      }
      return compiled;
    }),
  stream: z.enum(logStreams).optional(),
  container: z.string().min(1).max(200).optional(),
  follow: flag,
  download: flag,
});

export type LogsQuery = z.infer<typeof logsQuerySchema>;

/**
 * Whether anything but tail/since/until narrows lines (then tail counts matching lines, and the engine
 * is asked for all of them). One stream narrows too: the engine cuts its tail from both streams before
 * it drops the other one (`stdout=1&stderr=0&tail=2` after two stderr lines answers nothing).
 */
export function narrowsLines(q: LogsQuery): boolean {
  return q.level !== undefined || q.q !== undefined || q.stream !== undefined;
}
