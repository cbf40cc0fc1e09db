import { describe, expect, it } from 'vitest';
import type { DeploysView } from '@/lib/actions/schemas';
import { describeRestart, describeRollback, describeScale } from './describe-action';

const base = {
  kind: 'compose' as const,
  stack: 'shop',
  name: 'web',
  replicas: { desired: 2, running: 2, healthy: 2 },
};
const containers = [{ name: 'shop_web_1' }, { name: 'shop_web_2' }] as never;

describe('action descriptions', () => {
  it('says a compose restart is rolling and how it fails', () => {
    const text = describeRestart({ ...base, containers }).join(' ');
    expect(text).toContain('2 containers of shop/web one at a time');
    expect(text).toContain('stops and fails');
  });

  it('says what scaling up copies and what scaling down removes', () => {
    expect(describeScale({ ...base, containers }, 4)[0]).toContain('copied from shop_web_2');
    expect(describeScale({ ...base, containers }, 1)[0]).toContain('highest-numbered container stop');
    expect(describeScale({ ...base, containers }, 2)[0]).toContain('nothing will change');
  });

  it('names both images, the strategy and the gate of a rollback', () => {
    const view: DeploysView = {
      deploys: [],
      current: { image: 'app:v2', imageId: 'sha256:2', configHash: null },
      previousId: null,
      rollback: {
        strategy: 'stop-first',
        reason: 'it uses network_mode: host and listens on port 8080',
        gate: ['healthy'],
      },
    };
    const text = describeRollback(view, 'app:v1').join(' ');
    expect(text).toContain('from app:v2 to app:v1');
    expect(text).toContain('Stop-first (it uses network_mode: host');
    expect(text).toContain('restored');
  });
});
