import { describe, expect, it } from 'vitest';
import { cloneOptions, nextFreeNumbers, replicaName, whyNotCloneable, withoutImageDefaults } from './compose';
import type { ContainerInspect } from './engine-types';

function container(over: {
  name?: string;
  labels?: Record<string, string>;
  networkMode?: string;
  portBindings?: Record<string, { HostPort: string }[]>;
  env?: string[];
  mounts?: { Type: string; Destination: string }[];
}): ContainerInspect {
  return {
    Id: 'abcdef123456789',
    Name: `/${over.name ?? 'shop_web_1'}`,
    Image: 'sha256:old',
    Config: {
      Hostname: 'abcdef123456',
      Image: 'shop/web:1',
      Env: over.env ?? ['PATH=/bin', 'MODE=prod'],
      Cmd: ['serve'],
      Labels: {
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': 'web',
        'com.docker.compose.container-number': '1',
        'com.docker.compose.config-hash': 'h1',
        ...over.labels,
      },
    },
    HostConfig: { NetworkMode: over.networkMode ?? 'none', PortBindings: over.portBindings ?? {} },
    NetworkSettings: { Networks: {} },
    Mounts: over.mounts ?? [],
  } as unknown as ContainerInspect;
}

describe('compose replica helpers', () => {
  it('names replicas in the form the existing ones use', () => {
    expect(replicaName('shop', 'web', 3, ['shop_web_1'])).toBe('shop_web_3');
    expect(replicaName('shop', 'web', 3, ['shop-web-1'])).toBe('shop-web-3');
  });

  it('fills the lowest free numbers', () => {
    expect(nextFreeNumbers([1, 3], 3)).toEqual([2, 4, 5]);
  });

  it('refuses what a second copy would clash on, and allows a plain replica', () => {
    expect(whyNotCloneable(container({}))).toBeNull();
    expect(whyNotCloneable(container({ name: 'pinned' }))).toContain('container_name');
    expect(whyNotCloneable(container({ portBindings: { '80/tcp': [{ HostPort: '8080' }] } }))).toContain(
      '8080->80/tcp',
    );
    expect(whyNotCloneable(container({ networkMode: 'host', env: ['PORT=9000'] }))).toContain('port 9000');
    expect(whyNotCloneable(container({ networkMode: 'host' }))).toBeNull();
    const exclusive = container({
      labels: { 'opsdeck.mounts.exclusive': '/data' },
      mounts: [{ Type: 'bind', Destination: '/data' }],
    });
    expect(whyNotCloneable(exclusive)).toContain('/data');
  });

  it('copies config and labels with a new number and name, config hash kept', () => {
    const opts = cloneOptions(container({}), { name: 'shop_web_2', number: 2 });
    expect(opts.name).toBe('shop_web_2');
    expect(opts.Labels?.['com.docker.compose.container-number']).toBe('2');
    expect(opts.Labels?.['com.docker.compose.config-hash']).toBe('h1');
    expect(opts.Labels?.['com.docker.compose.oneoff']).toBe('False');
    expect((opts as { Hostname?: string }).Hostname).toBe('');
  });

  it("drops the old image's defaults when switching image, keeping the container's own settings", () => {
    const opts = cloneOptions(container({}), { name: 'shop_web_2', number: 2, image: 'shop/web:2' });
    const out = withoutImageDefaults(opts, {
      Env: ['PATH=/bin'],
      Cmd: ['serve'],
      Labels: { 'org.version': '1' },
    });
    expect(out.Env).toEqual(['MODE=prod']);
    expect(out.Cmd).toBeUndefined();
    expect(out.Image).toBe('shop/web:2');
  });
});
