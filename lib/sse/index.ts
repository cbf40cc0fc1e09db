import { metrics } from '@/lib/metrics/registry';

export interface SseWriter {
  /** Sends a named event. Returns false when the client is not keeping up (the queue is over its bound). */
  event(name: string, data: unknown, id?: string): boolean;
  comment(text: string): void;
  close(): void;
  readonly closed: boolean;
  /** bytes queued for this client and not yet taken by the network */
  queuedBytes(): number;
}

export interface SseOptions {
  /** `:ping` interval; 5 s by default */
  pingMs?: number;
  /** label of the opsdeck_sse_clients gauge */
  stream: string;
  /** a client whose queue grows past this many bytes is considered slow (default 1 MiB) */
  maxQueuedBytes?: number;
}

export const sseHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

const encoder = new TextEncoder();

/** Server-sent events in the SSE wire format: named events, `id:`, a ping, cleanup on disconnect. */
export function sseResponse(
  request: Request,
  start: (writer: SseWriter) => undefined | (() => void),
  options: SseOptions,
): Response {
  const pingMs = options.pingMs ?? 5000;
  const maxQueued = options.maxQueuedBytes ?? 1024 * 1024;
  const gauge = metrics().sseClients.labels(options.stream);
  let cleanup: (() => void) | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const finish = () => {
    if (closed) return;
    closed = true;
    if (ping) clearInterval(ping);
    gauge.dec();
    request.signal.removeEventListener('abort', finish);
    try {
      cleanup?.();
    } finally {
      try {
        controllerRef?.close();
      } catch {
        // already closed by the runtime
      }
    }
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        gauge.inc();
        const push = (text: string): boolean => {
          if (closed) return false;
          controller.enqueue(encoder.encode(text));
          return (controller.desiredSize ?? 0) > -maxQueued;
        };
        const writer: SseWriter = {
          event(name, data, id) {
            const payload = JSON.stringify(data).replace(/\n/g, '\\n');
            return push(`${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${payload}\n\n`);
          },
          comment(text) {
            push(`:${text}\n\n`);
          },
          close: finish,
          get closed() {
            return closed;
          },
          queuedBytes: () => Math.max(0, -(controller.desiredSize ?? 0)),
        };
        if (request.signal.aborted) {
          finish();
          return;
        }
        request.signal.addEventListener('abort', finish);
        ping = setInterval(() => writer.comment('ping'), pingMs);
        push(`retry: 2000\n\n`);
        const c = start(writer);
        if (typeof c === 'function') {
          if (closed) c();
          else cleanup = c;
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { headers: sseHeaders });
}
