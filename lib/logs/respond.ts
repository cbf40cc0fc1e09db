import { logger } from '@/lib/log/logger';
import { sseResponse } from '@/lib/sse';
import { entryAsText } from './filters';
import { isDropped, type LogItem } from './session';
import type { LogEntry } from './types';

/**
 * The three answers of a logs request, all streamed: NDJSON (default), server-sent events
 * (`Accept: text/event-stream`), or a text/plain download. Reading is pull-driven: lines are taken from
 * the engine only as fast as the client takes them, and the engine streams close when the client goes.
 */

export type LogsFormat = 'ndjson' | 'sse' | 'text';

export function logsFormat(request: Request, download: boolean): LogsFormat {
  if (download) return 'text';
  return (request.headers.get('accept') ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';
}

/** A slow SSE client: wait while this much is queued for it (the engine side drops instead). */
const SSE_HIGH_WATER_BYTES = 256 * 1024;
const encoder = new TextEncoder();

/**
 * How long to wait for the first lines before answering: an engine that cannot be reached (or a
 * container that is gone) then gets a proper error status and envelope instead of a 200 with a broken
 * body. A quiet followed log just starts streaming after this.
 */
const FIRST_LINES_WAIT_MS = 1500;

export async function logsResponse(
  request: Request,
  format: LogsFormat,
  read: (signal: AbortSignal) => AsyncGenerator<LogItem[]>,
  downloadName: string,
): Promise<Response> {
  const aborter = new AbortController();
  const abort = () => aborter.abort();
  if (request.signal.aborted) abort();
  else request.signal.addEventListener('abort', abort, { once: true });
  const source = read(aborter.signal);
  const first = source.next();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const early = await Promise.race([
    first.then(
      () => null,
      (err: unknown) => ({ err }),
    ),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), FIRST_LINES_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  const items = startingWith(first, source);
  const finish = () => {
    request.signal.removeEventListener('abort', abort);
    abort();
    void items.return(undefined);
  };
  if (early) {
    finish();
    throw early.err;
  }

  if (format === 'sse') return sseStream(request, items, finish);

  const serialise = format === 'text' ? textLine : ndjsonLine;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const r = await items.next();
          if (r.done) {
            finish();
            controller.close();
            return;
          }
          let chunk = '';
          for (const item of r.value) chunk += `${serialise(item)}\n`;
          controller.enqueue(encoder.encode(chunk));
        } catch (err) {
          finish();
          controller.error(err);
        }
      },
      cancel: finish,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Accel-Buffering': 'no',
  };
  if (format === 'text') {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    headers['Content-Disposition'] = `attachment; filename="${safeFileName(downloadName)}.log"`;
  } else {
    headers['Content-Type'] = 'application/x-ndjson; charset=utf-8';
  }
  return new Response(body, { headers });
}

/**
 * `JSON.stringify(entry)` written out: ts, stream and level are known-safe tokens, and quoting only the
 * free-text strings is about a third cheaper per line, which is most of the cost of a large `tail=all`.
 */
export function ndjsonLine(item: LogItem): string {
  if (isDropped(item)) return JSON.stringify(item);
  const fields = item.fields === null ? 'null' : JSON.stringify(item.fields);
  return `{"ts":"${item.ts}","container":${JSON.stringify(item.container)},"stream":"${item.stream}","level":"${item.level}","message":${JSON.stringify(item.message)},"fields":${fields}}`;
}

function textLine(item: LogItem): string {
  if (isDropped(item)) return `# ${item.ts} ${item.dropped} lines dropped: the client did not keep up`;
  return entryAsText(item);
}

function sseStream(request: Request, items: AsyncGenerator<LogItem[]>, finish: () => void): Response {
  return sseResponse(
    request,
    (writer) => {
      void (async () => {
        try {
          for await (const batch of items) {
            if (writer.closed) break;
            for (const item of batch) {
              if (isDropped(item)) writer.event('dropped', item);
              else writer.event('line', item satisfies LogEntry);
            }
            while (!writer.closed && writer.queuedBytes() > SSE_HIGH_WATER_BYTES) await sleep(20);
          }
          if (!writer.closed) writer.event('end', { ts: new Date().toISOString() });
        } catch (err) {
          logger().warn({ err }, 'log event stream failed');
          if (!writer.closed) writer.event('failed', { message: 'the log stream failed' });
        } finally {
          writer.close();
        }
      })();
      return finish;
    },
    { stream: 'logs' },
  );
}

async function* startingWith(
  first: Promise<IteratorResult<LogItem[]>>,
  rest: AsyncGenerator<LogItem[]>,
): AsyncGenerator<LogItem[]> {
  try {
    const r = await first;
    if (r.done) return;
    yield r.value;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'logs';
}
