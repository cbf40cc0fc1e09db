import { StringDecoder } from 'node:string_decoder';
import { splitTimestamp } from './timestamp';
import type { LogStream, RawLine } from './types';

/**
 * Turns one stream's bytes into lines: one UTF-8 decoder per stream (a character cut between frames is
 * joined, invalid bytes become U+FFFD), lines joined across frames, the last partial line flushed at
 * the end, and over-long lines cut to a bound so one line cannot take the server's memory.
 */

export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

export interface LineAssemblerOptions {
  stream: LogStream;
  /** the engine was asked for `timestamps=1` */
  timestamps: boolean;
  /**
   * true for the multiplexed stream: each frame is one engine message that starts with its own
   * timestamp, and a message without a trailing newline (the engine splits at 16 KiB) continues in
   * the next frame, whose timestamp is dropped. false for a TTY's raw bytes: a timestamp starts each line.
   */
  framed: boolean;
  maxLineChars?: number;
}

export class LineAssembler {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxChars: number;
  private pending = '';
  private pendingTs = '';
  private cutChars = 0;
  /** the previous frame ended inside a line */
  private open = false;

  constructor(
    private readonly options: LineAssemblerOptions,
    private readonly emit: (line: RawLine) => void,
  ) {
    this.maxChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  /** Bytes of one frame (framed) or one chunk (raw). */
  push(bytes: Buffer): void {
    if (!this.options.framed) {
      this.text(this.decoder.write(bytes), '');
      return;
    }
    let body = bytes;
    let ts = '';
    if (this.options.timestamps) {
      const space = bytes.indexOf(0x20);
      if (space > 0 && space <= 40) {
        const parsed = splitTimestamp(bytes.toString('latin1', 0, space + 1));
        if (parsed.ts) {
          ts = parsed.ts;
          body = bytes.subarray(space + 1);
        }
      }
    }
    if (!this.open) this.pendingTs = ts;
    if (body.length > 0) this.open = body[body.length - 1] !== 0x0a;
    this.text(this.decoder.write(body), ts);
  }

  end(): void {
    const rest = this.decoder.end();
    if (rest) this.append(rest);
    if (this.pending !== '' || this.open || this.cutChars > 0) this.flushLine();
    this.open = false;
  }

  private text(text: string, frameTs: string): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) break;
      this.append(text.slice(from, nl));
      this.flushLine();
      // further lines in the same frame share its timestamp
      this.pendingTs = frameTs;
      from = nl + 1;
    }
    if (from < text.length) this.append(text.slice(from));
  }

  private append(part: string): void {
    const room = this.maxChars - this.pending.length;
    if (part.length <= room) {
      this.pending += part;
      return;
    }
    if (room > 0) this.pending += part.slice(0, room);
    this.cutChars += part.length - Math.max(0, room);
  }

  private flushLine(): void {
    let line = this.pending;
    let ts = this.pendingTs;
    if (!this.options.framed && this.options.timestamps) {
      const parsed = splitTimestamp(line);
      ts = parsed.ts;
      line = parsed.rest;
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.cutChars > 0) line += ` … [${this.cutChars} characters cut]`;
    this.pending = '';
    this.pendingTs = '';
    this.cutChars = 0;
    this.emit({ ts, stream: this.options.stream, text: line });
  }
}
