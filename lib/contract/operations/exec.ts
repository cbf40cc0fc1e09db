import { containerIdParams } from '@/lib/logs/schemas';
import { execBody, execResponse } from '@/lib/terminal/schemas';
import { defineOperation } from '../operation';

export const execOps = {
  containersExec: defineOperation({
    method: 'POST',
    path: '/api/v1/containers/{containerId}/exec',
    name: 'containers.exec',
    permission: 'exec',
    tag: 'exec',
    summary: 'Run a command in a running container and answer its output and exit code',
    description:
      'For scripts: `cmd` runs to completion (no TTY, no stdin) in that one replica, up to `timeoutSeconds` ' +
      '(default 30); the answer holds stdout and stderr as they came, cut at OPSDECK_EXEC_OUTPUT_MAX_BYTES, and ' +
      'the exit code (null with `timedOut` when it was still running: it keeps running in the container). ' +
      'Needs the `exec` permission; never in Opsdeck itself (403); a stopped container is 409. Audited. ' +
      'The same path with `Upgrade: websocket` (a GET) opens an interactive terminal: see docs/terminal.md.',
    params: containerIdParams,
    body: execBody,
    response: execResponse,
    audit: 'container.exec',
    resolve: { names: 'container', field: 'containerId' },
    example: { params: { containerId: 'ffffffffffff0000' }, body: { cmd: ['true'] }, expect: 404 },
  }),
};
