import { createDemuxer } from '@/lib/docker/demux';
import { LineAssembler } from './lines';
import type { LogStream, RawLine } from './types';

export interface LogDecoder {
  /** May throw LogStreamError on a corrupt multiplexed stream. */
  push(chunk: Buffer): void;
  end(): void;
}

/**
 * The engine's log response → lines. The mode comes from the container's `Config.Tty`: with a TTY the
 * bytes are raw (stdout only), without one they are multiplexed frames carrying stdout and stderr.
 */
export function createLogDecoder(
  options: { tty: boolean; timestamps: boolean; maxLineChars?: number; maxFrameBytes?: number },
  emit: (line: RawLine) => void,
): LogDecoder {
  const assemblers = new Map<LogStream, LineAssembler>();
  const assembler = (stream: LogStream) => {
    let a = assemblers.get(stream);
    if (!a) {
      a = new LineAssembler(
        { stream, timestamps: options.timestamps, framed: !options.tty, maxLineChars: options.maxLineChars },
        emit,
      );
      assemblers.set(stream, a);
    }
    return a;
  };
  const demuxer = createDemuxer(
    { tty: options.tty, maxFrameBytes: options.maxFrameBytes },
    (stream, payload) => assembler(stream).push(payload),
  );
  return {
    push: (chunk) => demuxer.push(chunk),
    end: () => {
      demuxer.end();
      for (const a of assemblers.values()) a.end();
    },
  };
}
