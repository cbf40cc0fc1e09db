#!/usr/bin/env node
// Adds up the suites' own reports into one closing line: "N passed, M failed", naming every failure.
// Usage: test-summary.mjs <reports dir> "<failed step names>"
//
// A run must never read green while something failed, so besides failed tests this counts:
// - a vitest file that failed as a whole (its beforeAll threw, it did not import): one failure, named,
//   and its tests, which vitest reports as "skipped", are not counted as skipped;
// - a Playwright error outside any test (config, global setup, a spec that does not load);
// - a step that failed without its report showing why (lint, typecheck, build; an e2e run that crashed
//   before writing its report; an image step with no "N passed, M failed" line): one failure, named.
// Integration and e2e tests get one retry (real containers on 2 shared cores race now and then): a test
// that failed and then passed counts as passed, but is printed as FLAKY with why it failed first, and
// the closing line says how many passed only on retry. Every FAILED or FLAKY line is followed by the
// first lines of its reason, because CI keeps only the tail of the log.
import fs from 'node:fs';
import path from 'node:path';

const [dir, failedSteps = ''] = process.argv.slice(2);
if (!dir) {
  console.error('usage: test-summary.mjs <reports dir> "<failed steps>"');
  process.exit(2);
}

let passed = 0;
let skipped = 0;
/** One entry per failure: "step: what" and the first lines of why. */
const failures = [];
/** Tests that failed, then passed on their retry. */
const flaky = [];
/** Steps whose report explained at least one failure. */
const explained = new Set();

const REASON_LINES = 8;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes in the runners' messages
const ansi = /\x1b\[[0-9;]*m/g;
const reasonOf = (message) =>
  String(message ?? '')
    .replace(ansi, '')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, REASON_LINES)
    .map((l) => `    ${l.slice(0, 300)}`);

const fail = (step, what, message) => {
  failures.push({ line: `${step}: ${what}`, reason: reasonOf(message) });
  explained.add(step);
};
const passedOnRetry = (step, what, message) => {
  flaky.push({ line: `${step}: ${what} (failed, then passed on retry)`, reason: reasonOf(message) });
};

const read = (f) => {
  const p = path.join(dir, f);
  if (!fs.existsSync(p)) return null;
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    // A half-written report is a failed step, not a clean one.
    return { unreadable: String(e.message ?? e) };
  }
};

const rel = (file) => path.relative(process.cwd(), file ?? '?') || file;
const firstLine = (s) =>
  String(s ?? '')
    .split('\n')[0]
    .slice(0, 200);

for (const step of ['unit', 'integration']) {
  const r = read(`${step}.json`);
  if (!r) continue;
  if (r.unreadable) {
    fail(step, `report ${step}.json unreadable (${r.unreadable})`);
    continue;
  }
  for (const file of r.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    const failedTests = tests.filter((t) => t.status === 'failed');
    for (const t of failedTests)
      fail(step, `${rel(file.name)} › ${t.fullName ?? t.title}`, t.failureMessages?.[0]);
    const passedTests = tests.filter((t) => t.status === 'passed');
    passed += passedTests.length;
    // vitest keeps the errors of a failed try on a test that passed on its retry
    for (const t of passedTests)
      if (t.failureMessages?.length)
        passedOnRetry(step, `${rel(file.name)} › ${t.fullName ?? t.title}`, t.failureMessages[0]);
    if (file.status === 'failed' && failedTests.length === 0) {
      // The file failed outside any test: its tests never ran, they were not skipped.
      fail(
        step,
        `${rel(file.name)} failed outside its tests: ${firstLine(file.message) || 'a hook threw'}`,
        file.message,
      );
    } else {
      skipped += tests.filter((t) => ['skipped', 'pending', 'todo'].includes(t.status)).length;
    }
  }
}

const e2e = read('e2e.json');
if (e2e?.unreadable) fail('e2e', `report e2e.json unreadable (${e2e.unreadable})`);
else if (e2e) {
  passed += (e2e.stats?.expected ?? 0) + (e2e.stats?.flaky ?? 0);
  skipped += e2e.stats?.skipped ?? 0;
  const firstError = (t, which) => {
    const tries = (t.results ?? []).filter((r) => r.status !== 'passed' && r.status !== 'skipped');
    const r = which === 'first' ? tries[0] : tries.at(-1);
    return r?.error?.message ?? r?.errors?.[0]?.message;
  };
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = `${spec.file ?? file} › ${spec.title}`;
        if (t.status === 'unexpected') fail('e2e', name, firstError(t, 'last'));
        else if (t.status === 'flaky') passedOnRetry('e2e', name, firstError(t, 'first'));
      }
    }
    for (const s of suite.suites ?? []) walk(s, s.file ?? file);
  };
  for (const s of e2e.suites ?? []) walk(s, s.file);
  for (const e of e2e.errors ?? [])
    fail('e2e', `error outside the tests: ${firstLine(e.message)}`, e.message);
}

const imagePath = path.join(dir, 'image.txt');
if (fs.existsSync(imagePath)) {
  const lines = [...fs.readFileSync(imagePath, 'utf8').matchAll(/^(\d+) passed, (\d+) failed/gm)];
  const last = lines.at(-1);
  if (!last) fail('image', 'image.txt has no "N passed, M failed" line (the step stopped early)');
  else {
    passed += Number(last[1]);
    for (let i = 0; i < Number(last[2]); i++)
      fail('image', `check ${i + 1} of ${last[2]} failed (see its log)`);
  }
}

const steps = failedSteps.split(' ').filter(Boolean);
for (const s of steps) {
  const step = s === 'e2e-no-build' ? 'e2e' : s;
  if (!explained.has(step)) fail(s, 'step failed without a report naming a failing test');
}

for (const f of flaky) console.log([`FLAKY ${f.line}`, ...f.reason].join('\n'));
for (const f of failures) console.log([`FAILED ${f.line}`, ...f.reason].join('\n'));
if (steps.length) console.log(`failed steps: ${steps.join(', ')}`);
const onRetry = flaky.length ? ` (${flaky.length} only on retry)` : '';
console.log(`${passed} passed${onRetry}, ${failures.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures.length > 0 ? 1 : 0);
