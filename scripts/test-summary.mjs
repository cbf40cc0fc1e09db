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
import fs from 'node:fs';
import path from 'node:path';

const [dir, failedSteps = ''] = process.argv.slice(2);
if (!dir) {
  console.error('usage: test-summary.mjs <reports dir> "<failed steps>"');
  process.exit(2);
}

let passed = 0;
let skipped = 0;
/** One entry per failure: "step: what". */
const failures = [];
/** Steps whose report explained at least one failure. */
const explained = new Set();

const fail = (step, what) => {
  failures.push(`${step}: ${what}`);
  explained.add(step);
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
    for (const t of failedTests) fail(step, `${rel(file.name)} › ${t.fullName ?? t.title}`);
    passed += tests.filter((t) => t.status === 'passed').length;
    if (file.status === 'failed' && failedTests.length === 0) {
      // The file failed outside any test: its tests never ran, they were not skipped.
      fail(step, `${rel(file.name)} failed outside its tests: ${firstLine(file.message) || 'a hook threw'}`);
    } else {
      skipped += tests.filter((t) => ['skipped', 'pending', 'todo'].includes(t.status)).length;
    }
  }
}

const e2e = read('e2e.json');
if (e2e?.unreadable) fail('e2e', `report e2e.json unreadable (${e2e.unreadable})`);
else if (e2e) {
  passed += e2e.stats?.expected ?? 0;
  skipped += e2e.stats?.skipped ?? 0;
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'unexpected' || t.status === 'flaky')
          fail('e2e', `${spec.file ?? file} › ${spec.title}${t.status === 'flaky' ? ' (flaky)' : ''}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s, s.file ?? file);
  };
  for (const s of e2e.suites ?? []) walk(s, s.file);
  for (const e of e2e.errors ?? []) fail('e2e', `error outside the tests: ${firstLine(e.message)}`);
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

for (const f of failures) console.log(`FAILED ${f}`);
if (steps.length) console.log(`failed steps: ${steps.join(', ')}`);
console.log(`${passed} passed, ${failures.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures.length > 0 ? 1 : 0);
