import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

export default async function globalTeardown(): Promise<void> {
  const file = path.join(ROOT, 'test-results', 'e2e-server.json');
  if (!fs.existsSync(file)) return;
  const { pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
