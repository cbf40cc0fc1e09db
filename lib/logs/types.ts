/** The shapes of log data, from the engine's bytes to the API's entries. */

export const logLevels = ['error', 'warn', 'info', 'debug', 'unknown'] as const;
export type LogLevel = (typeof logLevels)[number];

export const logStreams = ['stdout', 'stderr'] as const;
export type LogStream = (typeof logStreams)[number];

/** One line as the engine gave it: decoded, joined across frames, timestamp split off. */
export interface RawLine {
  /** RFC 3339 UTC with a fixed 9-digit fraction, so string order is time order; '' when the engine sent none */
  ts: string;
  stream: LogStream;
  /** untrusted text; may contain ANSI escape sequences */
  text: string;
}

/** A line of a service's merged stream, with the replica it came from. */
export interface TaggedLine extends RawLine {
  /** short container label: `web-2` (compose), `web.3` (swarm task slot) or the container name */
  container: string;
}

/** What the API returns per line (NDJSON object, SSE `line` event, a row of the viewer). */
export interface LogEntry {
  ts: string;
  container: string;
  stream: LogStream;
  level: LogLevel;
  /** untrusted text; ANSI sequences kept so clients can style them (never as markup) */
  message: string;
  /** structured fields of a JSON or logfmt line, else null */
  fields: Record<string, unknown> | null;
}

/** Sent in place of lines a slow client could not take. */
export interface DroppedNotice {
  ts: string;
  dropped: number;
}

/** Where a line comes from: one container of the service. */
export interface LogTarget {
  containerId: string;
  /** container name without the leading slash */
  name: string;
  label: string;
  tty: boolean;
  running: boolean;
  /** a swarm task's id, when the lines come from the manager's service logs */
  taskId?: string;
}
