import { env } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
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

/**
 * The wire bytes of the last event sent for a data object: one delta (or snapshot) fanned out to
 * every client is serialised once and the same bytes are queued for each, instead of a copy per client.
 */
const wireOf = new WeakMap<object, { name: string; id: string | undefined; bytes: Uint8Array }>();

function eventBytes(name: string, data: unknown, id: string | undefined): Uint8Array {
  const shared = typeof data === 'object' && data !== null;
  if (shared) {
    const hit = wireOf.get(data);
    if (hit && hit.name === name && hit.id === id) return hit.bytes;
  }
  const payload = JSON.stringify(data).replace(/\n/g, '\\n');
  const bytes = encoder.encode(
    `${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${payload}\n\n`,
  );
  if (shared) wireOf.set(data, { name, id, bytes });
  return bytes;
}

/**
 * Open streams, per principal and in all. Each costs memory for as long as it is open, so one script
 * (or a leaked tab loop) must not open thousands: beyond OPSDECK_MAX_STREAMS_PER_PRINCIPAL a principal
 * gets 429, beyond OPSDECK_MAX_STREAMS everyone gets 503, both with Retry-After.
 */
type StreamCounts = { perOwner: Map<string, number>; total: number; owners: WeakMap<Request, string> };
const holder = globalThis as unknown as { __opsdeckStreams?: StreamCounts };
function streams(): StreamCounts {
  holder.__opsdeckStreams ??= { perOwner: new Map(), total: 0, owners: new WeakMap() };
  return holder.__opsdeckStreams;
}

/** Names who a request's streams count against (lib/http sets it once it knows the principal). */
export function setStreamOwner(request: Request, owner: string): void {
  streams().owners.set(request, owner);
}

/** Open streams of one owner (tests, metrics). */
export function openStreams(owner?: string): number {
  const s = streams();
  return owner === undefined ? s.total : (s.perOwner.get(owner) ?? 0);
}

function claimStream(owner: string): () => void {
  const s = streams();
  const config = env();
  const mine = s.perOwner.get(owner) ?? 0;
  if (mine >= config.OPSDECK_MAX_STREAMS_PER_PRINCIPAL) {
    throw new AppError(
      'rate_limited',
      `Too many open event streams for this principal (${mine}, at most ${config.OPSDECK_MAX_STREAMS_PER_PRINCIPAL}): close one first`,
      { openStreams: mine, maxStreams: config.OPSDECK_MAX_STREAMS_PER_PRINCIPAL },
      { 'retry-after': '5' },
    );
  }
  if (s.total >= config.OPSDECK_MAX_STREAMS) {
    throw new AppError(
      'unavailable',
      'The server has as many open event streams as it takes: try again shortly',
      undefined,
      { 'retry-after': '5' },
    );
  }
  s.perOwner.set(owner, mine + 1);
  s.total++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    s.total--;
    const left = (s.perOwner.get(owner) ?? 1) - 1;
    if (left <= 0) s.perOwner.delete(owner);
    else s.perOwner.set(owner, left);
  };
}

/** Server-sent events in the SSE wire format: named events, `id:`, a ping, cleanup on disconnect. */
export function sseResponse(
  request: Request,
  start: (writer: SseWriter) => undefined | (() => void),
  options: SseOptions,
): Response {
  const pingMs = options.pingMs ?? 5000;
  const maxQueued = options.maxQueuedBytes ?? 1024 * 1024;
  // Throws 429/503 (through the route's error envelope) before anything is opened.
  const release = claimStream(streams().owners.get(request) ?? 'anonymous');
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
    release();
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
        const enqueue = (bytes: Uint8Array): boolean => {
          if (closed) return false;
          controller.enqueue(bytes);
          return (controller.desiredSize ?? 0) > -maxQueued;
        };
        const push = (text: string): boolean => enqueue(encoder.encode(text));
        const writer: SseWriter = {
          event(name, data, id) {
            return enqueue(eventBytes(name, data, id));
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
