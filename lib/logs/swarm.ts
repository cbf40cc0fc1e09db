import type { IncomingMessage } from 'node:http';
import { createDemuxer, type LogStream } from '@/lib/docker/demux';
import type { Engine } from '@/lib/docker/engine';
import { sleep } from '@/lib/docker/wait';
import { AppError, notFound } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { DEFAULT_MAX_LINE_CHARS } from './lines';
import { type LogsQuery, narrowsLines } from './query';
import { trackEngineLogStream } from './reader';
import { engineTime, engineTimeOfTimestamp, splitTimestamp, timestampOf } from './timestamp';
import type { LogEntry, LogTarget, TaggedLine } from './types';

/**
 * A swarm service's logs through its manager (`GET /services/{id}/logs`): one stream holds the
 * lines of every task on every node, each prefixed (with `details=1`) by the node, service and task
 * ids. Each line is labelled `name.slot@node` from the manager's task list. The engine sends the
 * history task by task, so it is sorted here; following resumes from the newest line seen if the
 * manager ends the stream.
 */

export interface SwarmLogSource {
  serviceId: string;
  /** the service's containers run with a TTY: the stream is raw bytes, not frames */
  tty: boolean;
  /** `web.2@node-1` for a task's lines (looked up in the manager's task list; task history included) */
  label(taskId: string, nodeId: string): string;
}

/** A line of the manager's stream, with the task it came from. */
export interface SwarmLine extends TaggedLine {
  taskId: string;
}

const NODE_KEY = 'com.docker.swarm.node.id';
const TASK_KEY = 'com.docker.swarm.task.id';
/** history held for sorting before cutting to the newest (the engine's tail counts per task) */
const MAX_HISTORY_LINES = 200_000;
const REATTACH_MS = 1000;
/** a reattach asks for a little before the newest line seen; lines already seen are skipped per task */
const REATTACH_OVERLAP_MS = 2000;

/** `k=v,k=v` as the engine writes details (keys and values query-escaped). */
export function parseDetails(details: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of details.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    try {
      const k = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      out[k] = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      // a malformed escape: not a detail we read
    }
  }
  return out;
}

/** One record of the stream: `<ts> <details> <message>`; null when it is not one (then it is text). */
export function parseRecord(
  text: string,
): { ts: string; nodeId: string; taskId: string; message: string } | null {
  const { ts, rest } = splitTimestamp(text);
  if (!ts) return null;
  const space = rest.indexOf(' ');
  const details = space === -1 ? rest : rest.slice(0, space);
  if (!details.includes(`${TASK_KEY}=`)) return null;
  const d = parseDetails(details);
  return {
    ts,
    nodeId: d[NODE_KEY] ?? '',
    taskId: d[TASK_KEY] ?? '',
    message: space === -1 ? '' : rest.slice(space + 1),
  };
}

function openStream(
  docker: Engine,
  source: SwarmLogSource,
  options: { follow: boolean; tail: number | 'all'; since?: string; stream?: LogStream },
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const query: Record<string, string | number> = {
    stdout: options.stream === 'stderr' ? 0 : 1,
    stderr: options.stream === 'stdout' ? 0 : 1,
    timestamps: 1,
    details: 1,
    tail: options.tail,
  };
  if (options.follow) query.follow = 1;
  if (options.since) query.since = options.since;
  if (signal.aborted) return Promise.reject(new AppError('unavailable', 'request aborted'));
  return docker.serviceLogStream(source.serviceId, query, signal).then(
    (res) => {
      trackEngineLogStream(res);
      if (signal.aborted) res.destroy();
      else signal.addEventListener('abort', () => res.destroy(), { once: true });
      return res;
    },
    (err: (Error & { statusCode?: number }) | null) => {
      if (err?.statusCode === 404) throw notFound(`swarm service ${source.serviceId.slice(0, 12)} not found`);
      throw new AppError(
        'unavailable',
        `the swarm manager did not return the service's logs: ${err?.message ?? 'no body'}`,
      );
    },
  );
}

/** The manager's stream as batches of labelled lines (one batch per socket chunk). */
export async function* swarmLines(
  docker: Engine,
  source: SwarmLogSource,
  options: { follow: boolean; tail: number | 'all'; since?: string; stream?: LogStream },
  signal: AbortSignal,
): AsyncGenerator<SwarmLine[]> {
  const res = await openStream(docker, source, options, signal);
  let batch: SwarmLine[] = [];
  let last: { ts: string; taskId: string; container: string } = { ts: '', taskId: '', container: '' };
  const emit = (stream: LogStream, raw: string) => {
    const text = raw.length > DEFAULT_MAX_LINE_CHARS ? raw.slice(0, DEFAULT_MAX_LINE_CHARS) : raw;
    const record = parseRecord(text);
    if (record) {
      last = { ts: record.ts, taskId: record.taskId, container: source.label(record.taskId, record.nodeId) };
      batch.push({ ...last, stream, text: record.message });
    } else if (text !== '' || last.taskId) {
      // a continuation of the previous record (a message with a newline of its own)
      batch.push({ ...last, stream, text });
    }
  };
  const frame = (stream: LogStream, payload: Buffer) => {
    const body = payload.toString('utf8').replace(/\r?\n$/, '');
    for (const line of body.split('\n')) emit(stream, line.replace(/\r$/, ''));
  };
  let carry = '';
  const demuxer = createDemuxer({ tty: source.tty }, (stream, payload) => {
    if (!source.tty) return frame(stream, payload);
    // a TTY's raw bytes: records end at newlines
    carry += payload.toString('utf8');
    let nl = carry.indexOf('\n');
    while (nl !== -1) {
      emit('stdout', carry.slice(0, nl).replace(/\r$/, ''));
      carry = carry.slice(nl + 1);
      nl = carry.indexOf('\n');
    }
    if (carry.length > DEFAULT_MAX_LINE_CHARS) {
      emit('stdout', carry);
      carry = '';
    }
  });
  try {
    try {
      for await (const chunk of res) {
        demuxer.push(chunk as Buffer);
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
      }
    } catch (err) {
      if (!signal.aborted) logger().warn({ err, service: source.serviceId }, 'swarm log stream failed');
    }
    demuxer.end();
    if (carry) emit('stdout', carry);
    if (batch.length > 0) yield batch;
  } finally {
    res.destroy();
  }
}

const byTime = (a: { ts: string }, b: { ts: string }) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/**
 * History then (with `follow`) live lines of a swarm service, as LogEntry batches. `targets` are the
 * tasks a `container` filter picked (all of them when there is none).
 */
export async function* readSwarmLogs(
  docker: Engine,
  source: SwarmLogSource,
  query: LogsQuery,
  signal: AbortSignal,
  filter: (line: TaggedLine) => LogEntry | null,
  picked: LogTarget[] | null,
): AsyncGenerator<LogEntry[]> {
  const startedAt = timestampOf(new Date(Date.now() - 1000));
  const only = picked ? new Set(picked.map((t) => t.taskId)) : null;
  const untilTs = query.until ? timestampOf(query.until) : null;
  const lastTs = new Map<string, string>();
  let newest = '';
  const note = (line: SwarmLine) => {
    if (!line.ts) return;
    if ((lastTs.get(line.taskId) ?? '') < line.ts) lastTs.set(line.taskId, line.ts);
    if (line.ts > newest) newest = line.ts;
  };

  if (query.tail !== 0) {
    const engineTail = narrowsLines(query) || only ? 'all' : query.tail;
    let held: SwarmLine[] = [];
    for await (const batch of swarmLines(
      docker,
      source,
      {
        follow: false,
        tail: engineTail,
        since: query.since ? engineTime(query.since) : undefined,
        stream: query.stream,
      },
      signal,
    )) {
      for (const line of batch) {
        if (only && !only.has(line.taskId)) continue;
        if (untilTs && line.ts > untilTs) continue;
        note(line);
        held.push(line);
      }
      if (held.length > MAX_HISTORY_LINES) {
        held.sort(byTime);
        held = held.slice(held.length - MAX_HISTORY_LINES / 2);
      }
    }
    held.sort(byTime);
    const entries: LogEntry[] = [];
    for (const line of held) {
      const e = filter(line);
      if (e) entries.push(e);
    }
    const kept = query.tail === 'all' ? entries : entries.slice(Math.max(0, entries.length - query.tail));
    for (let i = 0; i < kept.length; i += 1000) yield kept.slice(i, i + 1000);
  }

  if (!query.follow || signal.aborted || (query.until && query.until.getTime() <= Date.now())) return;
  let since = query.tail === 0 ? timestampOf(new Date()) : newest || startedAt;
  if (since < startedAt && !newest) since = startedAt;
  while (!signal.aborted) {
    try {
      for await (const batch of swarmLines(
        docker,
        source,
        { follow: true, tail: 'all', since: engineTimeOfTimestamp(since), stream: query.stream },
        signal,
      )) {
        const out: LogEntry[] = [];
        for (const line of batch) {
          if (only && !only.has(line.taskId)) continue;
          const seen = lastTs.get(line.taskId);
          // `since` is inclusive and a reattach overlaps: what a task already showed is skipped
          if (line.ts && seen && line.ts <= seen) continue;
          if (line.ts && !seen && line.ts < since) continue;
          note(line);
          if (untilTs && line.ts > untilTs) {
            if (out.length > 0) yield out;
            return;
          }
          const e = filter(line);
          if (e) out.push(e);
        }
        if (out.length > 0) yield out;
      }
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return;
      if (!signal.aborted) logger().warn({ err, service: source.serviceId }, 'swarm log follow failed');
    }
    if (signal.aborted) return;
    // the manager ended the stream (restarted, or lost leadership): resume shortly after the newest line
    await sleep(REATTACH_MS, signal).catch(() => undefined);
    if (newest) since = timestampOf(new Date(Date.parse(newest) - REATTACH_OVERLAP_MS));
  }
}
