/** The stream a frame of a multiplexed (non-TTY) engine stream belongs to. */
export type LogStream = 'stdout' | 'stderr';

/**
 * The engine's multiplexed log stream (containers without a TTY): frames of an 8-byte header
 * `[type, 0, 0, 0, size(uint32 BE)]` followed by `size` bytes. Chunks from the socket cut headers and
 * payloads anywhere, so the parser keeps state between pushes. A TTY container's stream is raw bytes.
 */

const HEADER_BYTES = 8;
/** The engine splits log messages at 16 KiB; anything near this cap means the stream is not what we think. */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

export class LogStreamError extends Error {
  override name = 'LogStreamError';
}

/** Receives each frame's payload whole, with the stream it belongs to. */
export type FrameSink = (stream: LogStream, payload: Buffer) => void;

export interface Demuxer {
  push(chunk: Buffer): void;
  /** End of input: a partial frame left over is delivered as far as it got. */
  end(): void;
}

/** type byte → stream: 0 stdin (never in logs, kept as stdout), 1 stdout, 2 stderr, 3 engine error */
function streamOfType(type: number): LogStream | null {
  switch (type) {
    case 0:
    case 1:
      return 'stdout';
    case 2:
    case 3:
      return 'stderr';
    default:
      return null;
  }
}

export function createDemuxer(options: { tty: boolean; maxFrameBytes?: number }, sink: FrameSink): Demuxer {
  if (options.tty) {
    return { push: (chunk) => chunk.length > 0 && sink('stdout', chunk), end: () => {} };
  }
  const maxFrame = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const header = Buffer.alloc(HEADER_BYTES);
  let headerFill = 0;
  let stream: LogStream = 'stdout';
  let payload: Buffer | null = null;
  let payloadFill = 0;

  const push = (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (payload === null) {
        const take = Math.min(HEADER_BYTES - headerFill, chunk.length - at);
        chunk.copy(header, headerFill, at, at + take);
        headerFill += take;
        at += take;
        if (headerFill < HEADER_BYTES) return;
        headerFill = 0;
        const type = header[0] ?? -1;
        const parsed = streamOfType(type);
        if (parsed === null || header[1] !== 0 || header[2] !== 0 || header[3] !== 0) {
          throw new LogStreamError(`corrupt log stream: bad frame header (type byte ${type})`);
        }
        const size = header.readUInt32BE(4);
        if (size > maxFrame) {
          throw new LogStreamError(`corrupt log stream: frame of ${size} bytes exceeds ${maxFrame}`);
        }
        stream = parsed;
        // A whole frame in this chunk: hand out a view without copying (the fast, common case).
        if (chunk.length - at >= size) {
          if (size > 0) sink(stream, chunk.subarray(at, at + size));
          at += size;
          continue;
        }
        payload = Buffer.allocUnsafe(size);
        payloadFill = 0;
      }
      const take = Math.min(payload.length - payloadFill, chunk.length - at);
      chunk.copy(payload, payloadFill, at, at + take);
      payloadFill += take;
      at += take;
      if (payloadFill === payload.length) {
        const whole = payload;
        payload = null;
        sink(stream, whole);
      }
    }
  };

  const end = () => {
    if (payload !== null && payloadFill > 0) sink(stream, payload.subarray(0, payloadFill));
    payload = null;
    headerFill = 0;
  };

  return { push, end };
}
