import { describe, expect, it } from 'vitest';
import { engineAt } from '@/lib/docker/engine';
import { AppError } from '@/lib/errors';
import { logsQuerySchema } from './query';
import { openEngineLogStreams } from './reader';
import { logsResponse } from './respond';
import { readLogs } from './session';

describe('logsResponse', () => {
  it('answers 503 (not a 200 with a broken body) when the engine cannot be reached', async () => {
    // a real client on a socket path where no engine listens: the failure the engine itself produces
    const docker = engineAt('test', 'unix:///nonexistent/opsdeck-no-engine.sock');
    const target = { containerId: 'abc123', name: 'web-1', label: 'web-1', tty: false, running: true };
    const query = logsQuerySchema.parse({});
    const request = new Request('http://127.0.0.1/api/v1/services/x/logs');
    const attempt = logsResponse(
      request,
      'ndjson',
      (signal) => readLogs({ docker, targets: async () => [target] }, query, signal),
      'x',
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'unavailable' });
    expect(openEngineLogStreams()).toBe(0);
  });
});
