#!/usr/bin/env node
// `npm start`: serves the production build (Next's standalone server) on PORT / HOSTNAME.
// The standalone output needs the static files beside it; they are linked in on first start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const standalone = path.join(root, '.next', 'standalone');
const server = path.join(standalone, 'server.js');
if (!fs.existsSync(server)) {
  console.error('No production build found: run `npm run build` first.');
  process.exit(1);
}
for (const [from, to] of [
  [path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static')],
  [path.join(root, 'public'), path.join(standalone, 'public')],
]) {
  if (fs.existsSync(from) && !fs.existsSync(to)) fs.symlinkSync(from, to, 'dir');
}
process.env.PORT ??= '3000';
process.env.HOSTNAME ??= '127.0.0.1';
// Relative data paths are resolved against the project, not the standalone folder.
process.env.OPSDECK_DATA_DIR = path.resolve(root, process.env.OPSDECK_DATA_DIR ?? 'data');
const child = spawn(process.execPath, [server], { stdio: 'inherit', env: process.env, cwd: standalone });
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
