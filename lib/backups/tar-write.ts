/** The few tar records a download needs: ustar file and directory headers for short names, padding, end. */
const BLOCK = 512;
const OCTAL_LIMIT = 8 ** 11;

function writeOctal(buf: Buffer, value: number, offset: number, length: number): void {
  buf.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** base-256 (GNU) for sizes ≥ 8 GiB, which 11 octal digits cannot hold */
function writeSize(buf: Buffer, size: number): void {
  if (size < OCTAL_LIMIT) {
    writeOctal(buf, size, 124, 12);
    return;
  }
  let v = size;
  for (let i = 135; i > 124; i--) {
    buf[i] = v % 256;
    v = Math.floor(v / 256);
  }
  buf[124] = 0x80;
}

export function tarFileHeader(name: string, size: number, mtime = Math.floor(Date.now() / 1000)): Buffer {
  return header(name, size, mtime, '0', 0o644);
}

/** A directory entry (restore's staging directory is put this way: no container has to run). */
export function tarDirHeader(name: string, mode = 0o700): Buffer {
  return header(name.endsWith('/') ? name : `${name}/`, 0, Math.floor(Date.now() / 1000), '5', mode);
}

function header(name: string, size: number, mtime: number, type: '0' | '5', mode: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, mode, 100, 8);
  writeOctal(h, 0, 108, 8);
  writeOctal(h, 0, 116, 8);
  writeSize(h, size);
  writeOctal(h, mtime, 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}
