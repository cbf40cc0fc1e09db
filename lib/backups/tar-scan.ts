import { Transform, type TransformCallback } from 'node:stream';

/**
 * A streaming reader of tar headers: it counts entries and bytes of an archive as it flows past,
 * without buffering file contents, so a 1 GB volume costs one 512-byte header buffer. Understands
 * ustar, PAX (path/size records, as Go's archive/tar writes them) and GNU long names.
 */
export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
}

export interface TarStats {
  files: number;
  dirs: number;
  symlinks: number;
  other: number;
  /** bytes of regular file contents */
  contentBytes: number;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

export interface TarScanHandlers {
  onEntry?(entry: TarEntry): void;
  /** a piece of the current entry's contents */
  onData?(chunk: Buffer): void;
  onEntryEnd?(entry: TarEntry): void;
}

const BLOCK = 512;
const MAX_META_BYTES = 1024 * 1024;

function cstring(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

function numeric(buf: Buffer, start: number, length: number): number {
  const field = buf.subarray(start, start + length);
  // base-256 (GNU): high bit of the first byte set, used for sizes ≥ 8 GiB
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = cstring(buf, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad numeric field "${text.slice(0, 20)}"`);
  return Number.parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === numeric(header, 148, 8);
}

function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const len = Number(data.subarray(pos, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length)
      throw new TarFormatError('bad PAX record');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'dir';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

export class TarScanner {
  readonly stats: TarStats = { files: 0, dirs: 0, symlinks: 0, other: 0, contentBytes: 0 };
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private padding = 0;
  private current: TarEntry | null = null;
  /** collecting a PAX or GNU long-name body */
  private meta: { kind: string; chunks: Buffer[]; size: number } | null = null;
  private pending: { path?: string; size?: number } = {};
  private zeroBlocks = 0;
  private ended = false;

  constructor(private readonly handlers: TarScanHandlers = {}) {}

  /** true once the two zero blocks that close an archive were read */
  get complete(): boolean {
    return this.zeroBlocks >= 2;
  }

  write(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - pos);
        const piece = chunk.subarray(pos, pos + n);
        if (this.meta) this.meta.chunks.push(Buffer.from(piece));
        else this.handlers.onData?.(piece);
        this.remaining -= n;
        pos += n;
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - pos);
        this.padding -= n;
        pos += n;
        continue;
      }
      if (this.ended) {
        // after the end marker only zero padding may follow (writers round up to a record size)
        pos = chunk.length;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - pos);
      chunk.copy(this.header, this.headerFill, pos, pos + n);
      this.headerFill += n;
      pos += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader();
      }
    }
  }

  /** Throws when the archive stopped mid-entry or without its end marker. */
  end(): void {
    if (this.remaining > 0 || this.headerFill > 0 || this.meta)
      throw new TarFormatError('archive is truncated (ends inside an entry)');
    if (!this.complete) throw new TarFormatError('archive is truncated (no end-of-archive marker)');
  }

  private readHeader(): void {
    const h = this.header;
    if (h.every((b) => b === 0)) {
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) this.ended = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new TarFormatError('data after an empty block');
    if (!checksumOk(h)) throw new TarFormatError('header checksum mismatch: not a tar archive or corrupted');
    const flag = String.fromCharCode(h[156] ?? 0);
    let size = numeric(h, 124, 12);
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META_BYTES) throw new TarFormatError('extended header too large');
      this.meta = { kind: flag, chunks: [], size };
      this.remaining = size;
      this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (size === 0) this.finishEntry();
      return;
    }
    const prefix = h.subarray(257, 262).toString('ascii') === 'ustar' ? cstring(h, 345, 155) : '';
    let name = prefix ? `${prefix}/${cstring(h, 0, 100)}` : cstring(h, 0, 100);
    if (this.pending.path !== undefined) name = this.pending.path;
    if (this.pending.size !== undefined) size = this.pending.size;
    this.pending = {};
    const type = entryType(flag);
    // only regular files carry contents; a hard link's size field is 0 by convention
    const dataSize = type === 'file' || type === 'other' ? size : 0;
    const entry: TarEntry = { name, type, size: type === 'file' ? size : 0, mode: numeric(h, 100, 8) };
    this.count(entry);
    this.current = entry;
    this.handlers.onEntry?.(entry);
    this.remaining = dataSize;
    this.padding = (BLOCK - (dataSize % BLOCK)) % BLOCK;
    if (dataSize === 0) this.finishEntry();
  }

  private finishEntry(): void {
    if (this.meta) {
      const data = Buffer.concat(this.meta.chunks);
      if (this.meta.kind === 'x') {
        const records = paxRecords(data);
        const p = records.get('path');
        const s = records.get('size');
        if (p !== undefined) this.pending.path = p;
        if (s !== undefined) {
          const n = Number(s);
          if (!Number.isSafeInteger(n) || n < 0) throw new TarFormatError('bad PAX size');
          this.pending.size = n;
        }
      } else if (this.meta.kind === 'L') {
        this.pending.path = cstring(data, 0, data.length);
      }
      this.meta = null;
      return;
    }
    const entry = this.current;
    this.current = null;
    if (entry) this.handlers.onEntryEnd?.(entry);
  }

  private count(entry: TarEntry): void {
    if (entry.type === 'file') {
      this.stats.files++;
      this.stats.contentBytes += entry.size;
    } else if (entry.type === 'dir') this.stats.dirs++;
    else if (entry.type === 'symlink' || entry.type === 'hardlink') this.stats.symlinks++;
    else this.stats.other++;
  }
}

/** A pass-through stream that scans the tar flowing through it; `scanner.stats` when it ends. */
export function tarScanStream(handlers: TarScanHandlers = {}): { stream: Transform; scanner: TarScanner } {
  const scanner = new TarScanner(handlers);
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        scanner.write(chunk);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        scanner.end();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  return { stream, scanner };
}
