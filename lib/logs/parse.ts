import { stripAnsi } from './ansi';
import type { LogLevel } from './types';

/**
 * A line's level, message and fields. JSON objects (`level`/`severity`/`lvl`, `msg`/`message`),
 * logfmt (`level=warn msg="…" key=value`), and plain text with a level word near its start.
 */

export interface ParsedLine {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown> | null;
}

const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'loglevel'] as const;
const MESSAGE_KEYS = ['msg', 'message'] as const;
/** how far into a plain line a level word is looked for */
const PLAIN_LEVEL_WINDOW = 80;

/** a cheap first check before splitting the head into words (most lines have no level word) */
const ANY_LEVEL_WORD =
  /(?:^|[^A-Za-z])(?:fatal|panic|emerg|emergency|crit|critical|err|error|eror|warn|warning|wrn|info|inf|debug|dbg|trace)(?![A-Za-z])/i;

/** level words too common in prose to mark a plain line */
const PROSE_WORDS = new Set(['alert', 'notice', 'information', 'verbose']);

const LEVEL_WORDS: Record<string, LogLevel> = {
  fatal: 'error',
  panic: 'error',
  emerg: 'error',
  emergency: 'error',
  alert: 'error',
  crit: 'error',
  critical: 'error',
  err: 'error',
  error: 'error',
  eror: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  notice: 'info',
  information: 'info',
  informational: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  verbose: 'debug',
};

export function levelOfWord(word: string): LogLevel | null {
  return LEVEL_WORDS[word.toLowerCase()] ?? null;
}

/** pino/bunyan numbers (10–60) and syslog severities (0–7). */
export function levelOfNumber(n: number): LogLevel {
  if (n >= 10) return n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : 'debug';
  return n <= 3 ? 'error' : n === 4 ? 'warn' : n <= 6 ? 'info' : 'debug';
}

function levelOfValue(value: unknown): LogLevel | null {
  if (typeof value === 'string') return levelOfWord(value.trim());
  if (typeof value === 'number' && Number.isFinite(value)) return levelOfNumber(value);
  return null;
}

export function parseLine(raw: string): ParsedLine {
  const text = stripAnsi(raw);
  const first = text.trimStart()[0];
  if (first === '{') {
    const parsed = parseJsonObject(text);
    if (parsed) return structured(parsed, raw);
  } else if (text.includes('=')) {
    const fields = parseLogfmt(text);
    if (fields) return structured(fields, raw);
  }
  return { level: plainLevel(text), message: raw, fields: null };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON after all: treated as text
  }
  return null;
}

function structured(all: Record<string, unknown>, raw: string): ParsedLine {
  const fields: Record<string, unknown> = { ...all };
  let level: LogLevel | null = null;
  for (const key of LEVEL_KEYS) {
    if (key in fields) {
      level = levelOfValue(fields[key]);
      if (level) {
        delete fields[key];
        break;
      }
    }
  }
  let message: string | null = null;
  for (const key of MESSAGE_KEYS) {
    const v = fields[key];
    if (v !== undefined) {
      message = typeof v === 'string' ? v : JSON.stringify(v);
      delete fields[key];
      break;
    }
  }
  return { level: level ?? 'unknown', message: message ?? raw, fields };
}

/**
 * logfmt: space-separated `key=value` pairs, values bare or double-quoted with backslash escapes.
 * Only a line made entirely of at least two pairs counts, so prose with an `=` stays prose.
 */
export function parseLogfmt(text: string): Record<string, unknown> | null {
  const fields: Record<string, unknown> = {};
  let pairs = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ' ' && text[i] !== '"') i++;
    if (i === keyStart || text[i] !== '=') return null;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text[i] === '"') {
      i++;
      let out = '';
      let closed = false;
      while (i < n) {
        const c = text[i];
        if (c === '\\' && i + 1 < n) {
          const next = text[i + 1];
          out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          out += c;
          i++;
        }
      }
      if (!closed || (i < n && text[i] !== ' ')) return null;
      value = out;
    } else {
      const start = i;
      while (i < n && text[i] !== ' ') i++;
      value = text.slice(start, i);
      if (value.includes('"')) return null;
    }
    fields[key] = value;
    pairs++;
  }
  return pairs >= 2 ? fields : null;
}

function plainLevel(text: string): LogLevel {
  const head = text.slice(0, PLAIN_LEVEL_WINDOW);
  // glog/klog: `E1123 15:04:05.000000 …`
  const glog = /^([IWEF])\d{4} /.exec(head);
  if (glog) return glog[1] === 'I' ? 'info' : glog[1] === 'W' ? 'warn' : 'error';
  // redis: `1:M 23 Nov 2026 15:04:05.000 # message` (. debug, - verbose, * notice, # warning)
  const redis = /^\d+:[XCSM] \d{1,2} \w{3} \d{4} [\d:.]+ ([.\-*#]) /.exec(head);
  if (redis) return redis[1] === '#' ? 'warn' : redis[1] === '*' ? 'info' : 'debug';
  if (!ANY_LEVEL_WORD.test(head)) return 'unknown';
  const words = head.match(/[A-Za-z]+/g);
  if (words) {
    // the first few words only: "ERROR: disk full" or "[warn] retrying", not "user said error …" deep in prose
    for (const w of words.slice(0, 6)) {
      const level = w.length > 2 && !PROSE_WORDS.has(w.toLowerCase()) ? levelOfWord(w) : null;
      if (level) return level;
    }
  }
  return 'unknown';
}
