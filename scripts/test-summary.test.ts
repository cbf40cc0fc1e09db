/**
 * The closing line of `npm test` must not read green while something failed. This feeds the real
 * script (as `npm test` runs it) planted reports: hand-made ones in the shapes real vitest and
 * Playwright runs write (taken from .test-reports/*.json of a real run and from planted runs), and
 * one written by a real vitest run of a planted file whose beforeAll throws.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/test-summary.mjs');

function summarize(reports: Record<string, unknown>, failedSteps = '') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-summary-'));
  for (const [name, body] of Object.entries(reports))
    fs.writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  const r = spawnSync(process.execPath, [SCRIPT, dir, failedSteps], { encoding: 'utf8', cwd: ROOT });
  fs.rmSync(dir, { recursive: true, force: true });
  const lines = r.stdout.trim().split('\n');
  return {
    code: r.status,
    last: lines.at(-1),
    failed: lines.filter((l) => l.startsWith('FAILED ')),
    flaky: lines.filter((l) => l.startsWith('FLAKY ')),
    lines,
  };
}

const test = (title: string, status: string, failureMessages: string[] = []) => ({
  fullName: `s ${title}`,
  title,
  status,
  failureMessages,
});
const file = (name: string, status: string, tests: unknown[], message = '') => ({
  name: `${ROOT}/${name}`,
  status,
  message,
  assertionResults: tests,
});
// vitest's own counters are kept as a real report has them: the script must not trust them.
const vitest = (files: ReturnType<typeof file>[], counters: Record<string, number> = {}) => ({
  numFailedTestSuites: 0,
  numFailedTests: 0,
  success: false,
  ...counters,
  testResults: files,
});

describe('test summary', () => {
  it('passes a clean run and counts skipped tests', () => {
    const r = summarize({
      'unit.json': vitest([file('lib/a.test.ts', 'passed', [test('a', 'passed'), test('b', 'skipped')])]),
    });
    expect(r).toMatchObject({ code: 0, last: '1 passed, 0 failed, 1 skipped', failed: [], flaky: [] });
  });

  it('counts a file whose beforeAll threw as a failure, by name, not its tests as skipped', () => {
    // Shape of a real run: the file "failed" with an empty message, every test "skipped", numFailedTests 0.
    const r = summarize({
      'integration.json': vitest(
        [
          file('tests/integration/prometheus.test.ts', 'failed', [
            test('x', 'skipped'),
            test('y', 'skipped'),
          ]),
          file('tests/integration/logs.test.ts', 'passed', [test('z', 'passed')]),
        ],
        { numFailedTests: 0, numPendingTests: 2 },
      ),
    });
    expect(r.code).toBe(1);
    expect(r.last).toBe('1 passed, 1 failed');
    expect(r.failed).toEqual([
      'FAILED integration: tests/integration/prometheus.test.ts failed outside its tests: a hook threw',
    ]);
  });

  it('counts a file that did not import, with its error', () => {
    const r = summarize({
      'unit.json': vitest([file('lib/b.test.ts', 'failed', [], 'import-time crash\n  at …')]),
    });
    expect(r.failed).toEqual(['FAILED unit: lib/b.test.ts failed outside its tests: import-time crash']);
    expect(r.last).toBe('0 passed, 1 failed');
  });

  it('names failing tests once, not once per file and once per test', () => {
    const r = summarize({
      'unit.json': vitest([file('lib/c.test.ts', 'failed', [test('ok', 'passed'), test('bad', 'failed')])]),
    });
    expect(r.failed).toEqual(['FAILED unit: lib/c.test.ts › s bad']);
    expect(r.last).toBe('1 passed, 1 failed');
  });

  it('counts Playwright failures and errors outside any test; a test that passed on retry passes, shown as FLAKY', () => {
    const tried = (...outcomes: [string, string?][]) =>
      outcomes.map(([status, message]) => ({ status, ...(message ? { error: { message } } : {}) }));
    const r = summarize({
      'e2e.json': {
        stats: { expected: 1, skipped: 1, unexpected: 1, flaky: 1 },
        errors: [{ message: 'Error: webServer exited early\nstack' }],
        suites: [
          {
            title: 'logs.spec.ts',
            file: 'logs.spec.ts',
            specs: [
              { title: 'ok', file: 'logs.spec.ts', tests: [{ status: 'expected' }] },
              {
                title: 'bad',
                file: 'logs.spec.ts',
                tests: [
                  {
                    status: 'unexpected',
                    results: tried(
                      ['failed', 'first try'],
                      ['failed', '\x1b[31mError: expected 3\x1b[39m\n  at x'],
                    ),
                  },
                ],
              },
              {
                title: 'wobbly',
                file: 'logs.spec.ts',
                tests: [
                  { status: 'flaky', results: tried(['timedOut', 'Test timeout of 60000ms'], ['passed']) },
                ],
              },
              { title: 'sk', file: 'logs.spec.ts', tests: [{ status: 'skipped' }] },
            ],
            suites: [],
          },
        ],
      },
    });
    expect(r.failed).toEqual([
      'FAILED e2e: logs.spec.ts › bad',
      'FAILED e2e: error outside the tests: Error: webServer exited early',
    ]);
    expect(r.flaky).toEqual(['FLAKY e2e: logs.spec.ts › wobbly (failed, then passed on retry)']);
    // the reason follows its line, without colour codes: the last try's for a failure, the first's for a flake
    const lineAfter = (line: string) => r.lines[r.lines.indexOf(line) + 1];
    expect(lineAfter('FAILED e2e: logs.spec.ts › bad')).toBe('    Error: expected 3');
    expect(lineAfter(r.flaky[0] as string)).toBe('    Test timeout of 60000ms');
    expect(r.last).toBe('2 passed (1 only on retry), 2 failed, 1 skipped');
    expect(r.code).toBe(1);
  });

  it("prints at most 8 lines of a failure's reason; a vitest test with errors that passed was retried", () => {
    const stack = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const r = summarize({
      'integration.json': vitest([
        file('tests/integration/t.test.ts', 'failed', [
          test('bad', 'failed', [stack]),
          test('wobbly', 'passed', ['AssertionError: expected 3 to be 5']),
          test('fine', 'passed'),
        ]),
      ]),
    });
    const at = r.lines.indexOf('FAILED integration: tests/integration/t.test.ts › s bad');
    expect(r.lines.slice(at + 1, at + 10)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `    line ${i}`),
      '2 passed (1 only on retry), 1 failed',
    ]);
    expect(r.flaky).toEqual([
      'FLAKY integration: tests/integration/t.test.ts › s wobbly (failed, then passed on retry)',
    ]);
  });

  it('counts an e2e step that crashed without writing its report', () => {
    const r = summarize({}, 'e2e');
    expect(r).toMatchObject({
      code: 1,
      last: '0 passed, 1 failed',
      failed: ['FAILED e2e: step failed without a report naming a failing test'],
    });
  });

  it('counts an image step with no "N passed" line as failed, even if it exited 0', () => {
    expect(summarize({ 'image.txt': 'building…\n' }).last).toBe('0 passed, 1 failed');
    expect(summarize({ 'image.txt': 'x\n7 passed, 2 failed\n' }).last).toBe('7 passed, 2 failed');
  });

  it('counts a half-written report and the steps without reports', () => {
    const r = summarize({ 'unit.json': '{"testResults": [' }, 'lint typecheck unit');
    expect(r.failed.map((l) => l.split(':')[0])).toEqual(['FAILED unit', 'FAILED lint', 'FAILED typecheck']);
    expect(r.code).toBe(1);
  });

  /** A real vitest run of one planted file, its JSON report summarised as `npm test` does. */
  function plantedRun(source: string, vitestArgs: string[], failedSteps: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-planted-'));
    fs.writeFileSync(path.join(dir, 'planted.test.ts'), source);
    const out = path.join(dir, 'reports');
    fs.mkdirSync(out);
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        dir,
        ...vitestArgs,
        '--reporter=json',
        `--outputFile.json=${path.join(out, 'integration.json')}`,
      ],
      { encoding: 'utf8', cwd: ROOT },
    );
    const summary = spawnSync(process.execPath, [SCRIPT, out, failedSteps], { encoding: 'utf8', cwd: dir });
    fs.rmSync(dir, { recursive: true, force: true });
    return { vitestStatus: run.status, status: summary.status, lines: summary.stdout.trim().split('\n') };
  }

  it('reads a report written by a real vitest run where a test passes on its retry', () => {
    const r = plantedRun(
      `import { expect, it } from 'vitest';
let tries = 0;
it('settles on the second try', () => { tries++; expect(tries).toBe(2); });
it('steady', () => {});
`,
      ['--retry=1'],
      '',
    );
    expect(r.vitestStatus).toBe(0);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toBe(
      'FLAKY integration: planted.test.ts › settles on the second try (failed, then passed on retry)',
    );
    expect(r.lines[1]).toMatch(/^ {4}AssertionError: expected 1 to be 2/);
    expect(r.lines.at(-1)).toBe('2 passed (1 only on retry), 0 failed');
  }, 60_000);

  it('reads a report written by a real vitest run of a file whose beforeAll throws', () => {
    const r = plantedRun(
      `import { beforeAll, it } from 'vitest';
beforeAll(() => { throw new Error('Prometheus did not start'); });
it('never runs', () => {});
`,
      [],
      'integration',
    );
    expect(r.vitestStatus).toBe(1);
    expect(r.status).toBe(1);
    expect(r.lines).toContain(
      'FAILED integration: planted.test.ts failed outside its tests: Prometheus did not start',
    );
    expect(r.lines.at(-1)).toBe('0 passed, 1 failed');
  }, 60_000);
});
