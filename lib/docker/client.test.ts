import { describe, expect, it } from 'vitest';
import { dockerClientAt } from './client';

const NOWHERE = 'unix:///nonexistent/opsdeck-no-engine.sock';

describe('dockerClientAt', () => {
  it('refuses a request not in ENGINE_CALLS before it reaches the engine', async () => {
    const docker = dockerClientAt(NOWHERE);
    await expect(docker.getContainer('abc123').pause()).rejects.toThrow(
      /POST \/containers\/abc123\/pause is not in lib\/docker\/engine-calls\.ts/,
    );
    await expect(docker.pruneImages()).rejects.toThrow(/not in lib\/docker\/engine-calls\.ts/);
  });

  it('sends a listed request (which then fails only because no engine listens)', async () => {
    const docker = dockerClientAt(NOWHERE);
    const err = await docker
      .getContainer('abc123')
      .inspect()
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toMatch(/engine-calls/);
  });
});
