import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { AppError } from '@/lib/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-notify-'));
process.env.OPSDECK_DATA_DIR = dir;
resetEnvCache();
const { provisionFromConfig } = await import('./provision');
const { createChannel, deleteChannel, listStoredChannels, publicChannel } = await import('./channels');

describe('channels from OPSDECK_CONFIG', () => {
  it('provisions them (a secret may come from the environment), keeps API-made ones, refuses deleting them', () => {
    createChannel({
      type: 'slack',
      name: 'made-by-api',
      url: 'http://127.0.0.1:9/x',
      events: ['job.failed'],
      labels: {},
      services: ['*'],
      repeatMinutes: 60,
      groupSeconds: 0,
      degradedMinutes: 0,
    });
    process.env.TEST_HOOK_SECRET = 'from-the-environment-123';
    const file = path.join(dir, 'opsdeck.yml');
    fs.writeFileSync(
      file,
      `services: {}
notifications:
  channels:
    - type: webhook
      name: pager
      url: http://127.0.0.1:9/hook
      secret: env:TEST_HOOK_SECRET
      events: [service.down, engine.unreachable]
      services: ["shop/*"]
`,
    );
    expect(provisionFromConfig(file)).toEqual({ count: 1 });
    expect(provisionFromConfig(file)).toEqual({ count: 1 });
    const all = listStoredChannels();
    expect(all.map((c) => c.name)).toEqual(['made-by-api', 'pager']);
    const pager = all.find((c) => c.name === 'pager');
    expect(pager?.type === 'webhook' && pager.secret).toBe('from-the-environment-123');
    expect(publicChannel(pager as (typeof all)[number])).toMatchObject({
      provisioned: true,
      hasSecret: true,
      repeatMinutes: 60,
    });
    expect(() => deleteChannel(pager?.id ?? '')).toThrow(AppError);
  });

  it('says what is wrong with a bad section, and provisions nothing', () => {
    const file = path.join(dir, 'bad.yml');
    fs.writeFileSync(file, 'notifications:\n  channels:\n    - type: pigeon\n      name: x\n');
    const r = provisionFromConfig(file);
    expect(r.count).toBe(0);
    expect(r.error).toContain('notifications.channels.0.type');
  });
});
