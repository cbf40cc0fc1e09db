import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TarEntry, TarFormatError, TarScanner } from './tar-scan';

function fixtureDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-tarscan-'));
  fs.mkdirSync(path.join(dir, 'd', 'e'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a.txt'), 'hello');
  fs.writeFileSync(path.join(dir, 'd', 'e', 'empty'), '');
  fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(70_000, 7));
  fs.writeFileSync(path.join(dir, 'd', `${'long-name-'.repeat(15)}.txt`), 'x'.repeat(513));
  fs.symlinkSync('a.txt', path.join(dir, 'link'));
  return dir;
}

function scan(tar: Buffer, chunk: number): { scanner: TarScanner; entries: TarEntry[]; data: number } {
  const entries: TarEntry[] = [];
  let data = 0;
  const scanner = new TarScanner({ onEntry: (e) => entries.push(e), onData: (b) => (data += b.length) });
  for (let i = 0; i < tar.length; i += chunk) scanner.write(tar.subarray(i, i + chunk));
  return { scanner, entries, data };
}

describe('TarScanner', () => {
  const dir = fixtureDir();
  for (const format of ['pax', 'gnu', 'ustar']) {
    it(`counts entries and bytes of a ${format} archive, whatever the chunking`, () => {
      const args = ['-c', `--format=${format}`, '-C', dir, '.'];
      if (format === 'ustar') args.splice(2, 0, '--exclude=./d/long-name-*');
      const tar = execFileSync('tar', args, { maxBuffer: 16 * 1024 * 1024 });
      for (const chunk of [1, 511, 512, 4096, tar.length]) {
        const { scanner, entries, data } = scan(tar, chunk);
        scanner.end();
        const long = format !== 'ustar';
        expect(scanner.stats).toEqual({
          files: long ? 4 : 3,
          dirs: 3,
          symlinks: 1,
          other: 0,
          contentBytes: 5 + 70_000 + (long ? 513 : 0),
        });
        expect(data).toBe(scanner.stats.contentBytes);
        if (long) expect(entries.map((e) => e.name)).toContain(`./d/${'long-name-'.repeat(15)}.txt`);
      }
    });
  }

  it('refuses a truncated archive and a corrupted header', () => {
    const tar = execFileSync('tar', ['-c', '-C', dir, '.'], { maxBuffer: 16 * 1024 * 1024 });
    const cut = new TarScanner();
    cut.write(tar.subarray(0, 2000));
    expect(() => cut.end()).toThrow(TarFormatError);
    const noMarker = new TarScanner();
    const firstEntry = 512 + 512; // "./" dir header, then the next header
    noMarker.write(tar.subarray(0, firstEntry - 512));
    expect(() => noMarker.end()).toThrow(/end-of-archive/);
    const bad = Buffer.from(tar);
    bad[10] = (bad[10] ?? 0) ^ 0xff;
    expect(() => new TarScanner().write(bad)).toThrow(/checksum/);
  });
});
