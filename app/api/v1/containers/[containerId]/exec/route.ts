import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { runOneShot } from '@/lib/terminal/one-shot';

export const dynamic = 'force-dynamic';

// The WebSocket terminal on this same path never reaches Next: scripts/start.mjs hands upgrades to
// lib/http/terminal-upgrade.ts.
export const POST = handle(ops.containersExec, async ({ params, body }) =>
  runOneShot(params.containerId, body.cmd, body.timeoutSeconds),
);
