#!/usr/bin/env node
// Adds up the suites' own reports into one closing line: "N passed, M failed".
// A step that failed without reporting tests (lint, typecheck, build) counts as one failure.
import fs from 'node:fs';
import path from 'node:path';

const [dir, failedSteps = ''] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const read = (f) => {
  const p = path.join(dir, f);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : null;
};

for (const f of ['unit.json', 'integration.json']) {
  const r = read(f);
  if (!r) continue;
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
const e2e = read('e2e.json');
if (e2e?.stats) {
  passed += e2e.stats.expected ?? 0;
  failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
  skipped += e2e.stats.skipped ?? 0;
}
const imagePath = path.join(dir, 'image.txt');
if (fs.existsSync(imagePath)) {
  const m = /(\d+) passed, (\d+) failed/.exec(fs.readFileSync(imagePath, 'utf8'));
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
}
const steps = failedSteps.split(' ').filter(Boolean);
for (const s of steps) {
  if (['lint', 'typecheck', 'build', 'e2e-no-build'].includes(s)) failed += 1;
}
if (steps.length) console.log(`failed steps: ${steps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || steps.length > 0 ? 1 : 0);
