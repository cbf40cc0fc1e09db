import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { mapSummary } from './map';

const summary = (over: Partial<Docker.ContainerInfo>): Docker.ContainerInfo =>
  ({
    Id: 'a'.repeat(64),
    Names: ['/shop-web-1'],
    Image: 'shop/web:1',
    ImageID: 'sha256:1234',
    Command: 'sleep 1',
    Created: 1_764_000_000,
    Ports: [],
    Labels: {
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '3',
    },
    State: 'running',
    Status: 'Up 5 minutes',
    HostConfig: { NetworkMode: 'none' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...over,
  }) as Docker.ContainerInfo;

describe('mapSummary: a container from the engine listing, before its inspect', () => {
  it('takes name, replica, state, image, creation time and network mode from the listing', () => {
    const c = mapSummary(summary({}));
    expect(c).toMatchObject({
      id: 'a'.repeat(64),
      name: 'shop-web-1',
      replica: 3,
      state: 'running',
      health: 'none',
      image: 'shop/web:1',
      imageId: 'sha256:1234',
      createdAt: new Date(1_764_000_000_000).toISOString(),
      networkMode: 'none',
      exitCode: null,
      // what only an inspect tells stays empty until the inspect replaces the entry
      startedAt: null,
      restartCount: 0,
      healthLog: null,
    });
  });

  it('reads the health and the exit code from the status text', () => {
    expect(mapSummary(summary({ Status: 'Up 2 hours (healthy)' })).health).toBe('healthy');
    expect(mapSummary(summary({ Status: 'Up 2 hours (unhealthy)' })).health).toBe('unhealthy');
    expect(mapSummary(summary({ Status: 'Up 1 second (health: starting)' })).health).toBe('starting');
    const exited = mapSummary(summary({ State: 'exited', Status: 'Exited (137) 3 minutes ago' }));
    expect(exited).toMatchObject({ state: 'exited', exitCode: 137 });
    // a running container's status never yields an exit code, whatever its text
    expect(mapSummary(summary({ Status: 'Up (Exited (1))' })).exitCode).toBeNull();
    expect(mapSummary(summary({ State: 'created', Status: 'Created' })).state).toBe('created');
  });

  it('maps published ports and an unknown state as dead', () => {
    const c = mapSummary(
      summary({
        State: 'weird',
        Ports: [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
      }),
    );
    expect(c.state).toBe('dead');
    expect(c.ports).toEqual([{ containerPort: 80, hostPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }]);
  });
});
