import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TarScanner } from './tar-scan';
import { tarDirHeader, tarEnd, tarFileHeader, tarPadding } from './tar-write';

describe('tar-write', () => {
  it('writes a tar that GNU tar and our scanner both read back', () => {
    const files = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
      { name: 'volume-0.tar.gz', data: Buffer.alloc(1500, 3) },
    ];
    const tar = Buffer.concat([
      ...files.flatMap((f) => [tarFileHeader(f.name, f.data.length), f.data, tarPadding(f.data.length)]),
      tarEnd(),
    ]);
    const scanner = new TarScanner();
    scanner.write(tar);
    scanner.end();
    expect(scanner.stats).toMatchObject({ files: 2, contentBytes: 1508 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-tarwrite-'));
    fs.writeFileSync(path.join(dir, 'x.tar'), tar);
    execFileSync('tar', ['-xf', 'x.tar'], { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('{"a":1}\n');
    expect(fs.statSync(path.join(dir, 'volume-0.tar.gz')).size).toBe(1500);
  });

  it('encodes sizes of 8 GiB and more in base-256', () => {
    const big = 9 * 1024 ** 3;
    const header = tarFileHeader('volume-0.tar.gz', big);
    const entries: number[] = [];
    const scanner = new TarScanner({ onEntry: (e) => entries.push(e.size) });
    scanner.write(header);
    expect(entries).toEqual([big]);
  });

  it('writes a directory entry GNU tar creates with its mode', () => {
    const tar = Buffer.concat([tarDirHeader('.opsdeck-restore-ab12', 0o700), tarEnd()]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-tarwrite-'));
    fs.writeFileSync(path.join(dir, 'x.tar'), tar);
    execFileSync('tar', ['-xf', 'x.tar'], { cwd: dir });
    const st = fs.statSync(path.join(dir, '.opsdeck-restore-ab12'));
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
  });
});
