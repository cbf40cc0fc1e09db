import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneOptions } from '@/lib/docker/compose';
import { BUSYBOX, compose, docker, removeByPrefix, testDocker } from '../support/engine';
import { type RunningProxy, raw, startProxy } from '../support/socket-proxy';

/**
 * What the socket proxy must refuse, sent raw to the real proxy in front of the real engine: each is
 * a 403 with a JSON message, and the engine is left without a new container or volume.
 */
const P = 'opsdeck-test-proxyh';
let proxy: RunningProxy;
let webId = '';
let consoleId = '';
let cloneBase: Record<string, unknown> = {};

const helper = (hostConfig: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Image: BUSYBOX,
    Cmd: ['true'],
    Labels: { 'opsdeck.helper': 'measure', 'opsdeck.helper.owner': 'x' },
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none', Mounts: [], ...hostConfig },
    ...extra,
  });
const clone = (hostConfig: Record<string, unknown>) =>
  JSON.stringify({ ...cloneBase, HostConfig: { ...(cloneBase.HostConfig as object), ...hostConfig } });

beforeAll(async () => {
  await removeByPrefix(P);
  await compose(
    P,
    `version: "2.4"
services:
  web:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: host
    volumes: ["data:/data"]
volumes:
  data: {}
`,
    'up',
    '-d',
  );
  webId = await docker('ps', '-q', '--no-trunc', '--filter', `label=com.docker.compose.project=${P}`);
  // stands in for Opsdeck's own container (docker-compose.yml labels it the same way)
  consoleId = await docker(
    'run',
    '-d',
    '--network',
    'host',
    '--name',
    `${P}-console`,
    '--label',
    'opsdeck.role=console',
    '--label',
    `com.docker.compose.project=${P}`,
    '--label',
    'com.docker.compose.service=opsdeck',
    BUSYBOX,
    'sleep',
    '3600',
  );
  const info = await testDocker().getContainer(webId).inspect();
  cloneBase = cloneOptions(info as never, { name: `${P}-web-9`, number: 9 }) as Record<string, unknown>;
  proxy = await startProxy();
});

afterAll(async () => {
  await proxy?.stop();
  await removeByPrefix(P);
  await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
});

const create = (body: string) => ['POST', `/v1.41/containers/create?name=${P}-hostile`, body] as const;

/** [what, method, path, body] */
const corpus = (): (readonly [string, string, string, string?])[] => [
  ['helper binds /etc', ...create(helper({ Binds: ['/etc:/h'] }))],
  ['helper binds /var/run (the engine socket is inside)', ...create(helper({ Binds: ['/var/run:/h'] }))],
  ['helper mounts /root', ...create(helper({ Mounts: [{ Type: 'bind', Source: '/root', Target: '/h' }] }))],
  ['helper mounts /', ...create(helper({ Mounts: [{ Type: 'bind', Source: '/', Target: '/h' }] }))],
  [
    'helper mounts docker.sock',
    ...create(helper({ Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/s' }] })),
  ],
  [
    'helper mounts a path no service binds',
    ...create(helper({ Mounts: [{ Type: 'bind', Source: '/srv/x', Target: '/h' }] })),
  ],
  ['helper takes the console volumes', ...create(helper({ VolumesFrom: [`${P}-console`] }))],
  ['helper joins the console pid namespace', ...create(helper({ PidMode: `container:${P}-console` }))],
  ['helper Privileged', ...create(helper({ Privileged: true }))],
  ['helper CapAdd', ...create(helper({ CapAdd: ['SYS_ADMIN'] }))],
  [
    'helper Devices',
    ...create(
      helper({
        Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda', CgroupPermissions: 'rwm' }],
      }),
    ),
  ],
  ['helper SecurityOpt', ...create(helper({ SecurityOpt: ['apparmor=unconfined'] }))],
  ['helper host PID', ...create(helper({ PidMode: 'host' }))],
  ['helper host IPC', ...create(helper({ IpcMode: 'host' }))],
  ['helper host UTS', ...create(helper({ UTSMode: 'host' }))],
  ['helper host userns', ...create(helper({ UsernsMode: 'host' }))],
  ['helper host cgroupns', ...create(helper({ CgroupnsMode: 'host' }))],
  ['helper Sysctls', ...create(helper({ Sysctls: { 'kernel.core_pattern': '|/x' } }))],
  ['helper on the host network', ...create(helper({ NetworkMode: 'host' }))],
  ['helper key in lower case', ...create(helper({ privileged: true }))],
  ['helper key in upper case', ...create(helper({ PRIVILEGED: true }))],
  [
    'helper key with a Kelvin sign',
    ...create(
      helper({ CapAdd: [] })
        .replace('"CapAdd"', '"C\\u0061pAdd"')
        .replace('"Mounts":[]', '"Mounts":[],"\\u212Aernel":1'),
    ),
  ],
  [
    'helper HostConfig twice, folded',
    ...create(helper({}).replace(/}$/, ',"hostconfig":{"Privileged":true}}')),
  ],
  [
    'helper key given twice',
    ...create(
      helper({}).replace('"NetworkMode":"none"', '"Privileged":true,"Privileged":false,"NetworkMode":"none"'),
    ),
  ],
  [
    'helper key escaped',
    ...create(helper({}).replace('"NetworkMode"', '"\\u0050rivileged":true,"NetworkMode"')),
  ],
  ['helper with a network', ...create(helper({}, { NetworkDisabled: false }))],
  [
    'helper with compose labels',
    ...create(helper({}, { Labels: { 'opsdeck.helper': 'x', 'com.docker.compose.project': P } })),
  ],
  ['clone made Privileged', ...create(clone({ Privileged: true }))],
  ['clone binding /etc', ...create(clone({ Binds: ['/etc:/h'] }))],
  ['clone with CapAdd', ...create(clone({ CapAdd: ['NET_ADMIN'] }))],
  ['clone with host PID', ...create(clone({ PidMode: 'host' }))],
  [
    'clone of the console',
    ...create(
      JSON.stringify({
        ...cloneBase,
        Labels: { ...(cloneBase.Labels as object), 'com.docker.compose.service': 'opsdeck' },
      }),
    ),
  ],
  ['a plain container', ...create(JSON.stringify({ Image: BUSYBOX, HostConfig: { Binds: ['/:/host'] } }))],
  ['a body that is not JSON', ...create('{"Image":')],
  [
    'a volume bound to /etc by driver options',
    'POST',
    '/volumes/create',
    JSON.stringify({
      Name: `${P}-v`,
      Driver: 'local',
      DriverOpts: { type: 'none', o: 'bind', device: '/etc' },
    }),
  ],
  [
    'exec into the console',
    'POST',
    `/containers/${P}-console/exec`,
    JSON.stringify({ Cmd: ['id'], AttachStdout: true }),
  ],
  [
    'a privileged exec',
    'POST',
    `/containers/${webId}/exec`,
    JSON.stringify({ Cmd: ['id'], Privileged: true }),
  ],
  [
    'an exec as another user',
    'POST',
    `/containers/${webId}/exec`,
    JSON.stringify({ Cmd: ['id'], User: 'root' }),
  ],
  ['an exec key in lower case', 'POST', `/containers/${webId}/exec`, JSON.stringify({ cmd: ['id'] })],
  [
    'an exec that sets LD_PRELOAD',
    'POST',
    `/containers/${webId}/exec`,
    JSON.stringify({ Cmd: ['sh'], AttachStdin: true, Tty: true, Env: ['LD_PRELOAD=/tmp/x.so'] }),
  ],
  [
    'a terminal into the console',
    'POST',
    `/containers/${P}-console/exec`,
    JSON.stringify({ Cmd: ['sh'], AttachStdin: true, AttachStdout: true, Tty: true }),
  ],
  ['archive out of a service container', 'GET', `/containers/${webId}/archive?path=/etc`],
  ['archive into the console', 'PUT', `/containers/${P}-console/archive?path=/`, ''],
  ['stop the console', 'POST', `/containers/${consoleId}/stop`],
  ['remove the console', 'DELETE', `/containers/${P}-console?force=1`],
  ['remove a volume Opsdeck did not make', 'DELETE', `/volumes/${P}_data`],
  ['an encoded path', 'GET', '/containers/x%2F..%2F..%2Fsecrets/json'],
  [
    'an API version that took a HostConfig on start',
    'POST',
    `/v1.23/containers/${webId}/start`,
    '{"Privileged":true}',
  ],
  ['a dot-segment path', 'GET', '/containers/../secrets'],
  ['a double slash', 'GET', '//containers/json'],
  ['pull an image', 'POST', '/images/create?fromImage=busybox'],
  ['build', 'POST', '/build'],
  ['attach', 'POST', `/containers/${webId}/attach?stream=1`],
  ['secrets', 'GET', '/v1.41/secrets'],
  ['leave the swarm', 'POST', '/swarm/leave'],
  ['delete an image', 'DELETE', `/images/${BUSYBOX}`],
  ['pull a tag no managed service runs', 'POST', '/images/create?fromImage=alpine&tag=3'],
  [
    'pull a service’s repository under another tag',
    'POST',
    '/images/create?fromImage=opsdeck-demo/busybox&tag=2',
  ],
  [
    'import an image from a URL under a service’s tag',
    'POST',
    '/images/create?fromSrc=http://127.0.0.1:9/x.tar&repo=opsdeck-demo/busybox&tag=1',
  ],
  ['pull and rename', 'POST', '/images/create?fromImage=opsdeck-demo/busybox&tag=1&repo=evil'],
  ['pull by digest', 'POST', `/images/create?fromImage=opsdeck-demo/busybox&tag=sha256:${'0'.repeat(64)}`],
  ['force-delete an image', 'DELETE', `/images/${BUSYBOX}?force=1`],
  ['delete the host network', 'DELETE', '/networks/host'],
  ['delete the bridge network', 'DELETE', '/networks/bridge'],
  ['delete the gateway bridge network', 'DELETE', '/networks/docker_gwbridge'],
  ['force-remove a volume a service mounts', 'DELETE', `/volumes/${P}_data?force=1`],
  // GET /version is allowed for the hosts page; its neighbours are not
  ['engine info (beside the allowed version)', 'GET', '/v1.41/info'],
  ['a path below version', 'GET', '/version/x'],
  ['a version write', 'POST', '/version'],
];

describe('the socket proxy refuses', () => {
  it('every body and call of the hostile corpus, with a JSON message, creating nothing', async () => {
    const d = testDocker();
    const before = (await d.listContainers({ all: true })).map((c) => c.Id).sort();
    const volumesBefore = ((await d.listVolumes()).Volumes ?? []).map((v) => v.Name).sort();
    const wrong: string[] = [];
    for (const [what, method, path, body] of corpus()) {
      const res = await raw(proxy.socket, method, path, body);
      let message = '';
      try {
        message = (JSON.parse(res.text) as { message?: string }).message ?? '';
      } catch {}
      if (res.status !== 403 || !message.includes('Opsdeck socket proxy'))
        wrong.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect((await d.listContainers({ all: true })).map((c) => c.Id).sort()).toEqual(before);
    expect(((await d.listVolumes()).Volumes ?? []).map((v) => v.Name).sort()).toEqual(volumesBefore);
    expect((await d.getContainer(consoleId).inspect()).State.Running).toBe(true);
  });

  it('a body too large to screen (413), and exec start of an exec it did not screen', async () => {
    const big = helper({}, { Env: ['x'.repeat(300 * 1024)] });
    expect((await raw(proxy.socket, 'POST', '/containers/create', big)).status).toBe(413);
    // an exec made behind the proxy's back in the console container cannot be started through it
    const exec = await testDocker()
      .getContainer(consoleId)
      .exec({ Cmd: ['id'], AttachStdout: true });
    const res = await raw(proxy.socket, 'POST', `/exec/${exec.id}/start`, '{"Detach":false}');
    expect(res.status).toBe(403);
    // nor resized
    expect((await raw(proxy.socket, 'POST', `/exec/${exec.id}/resize?h=10&w=10`)).status).toBe(403);
  });

  it('a resize with more than its size, and terminals when SOCKET_PROXY_EXEC=0', async () => {
    const tty = JSON.stringify({ Cmd: ['sh'], AttachStdin: true, AttachStdout: true, Tty: true });
    const made = await raw(proxy.socket, 'POST', `/containers/${webId}/exec`, tty);
    expect(made.status).toBe(201);
    const id = (JSON.parse(made.text) as { Id: string }).Id;
    const resize = (q: string, socket = proxy.socket) => raw(socket, 'POST', `/exec/${id}/resize?${q}`);
    for (const q of ['h=10&w=10&x=1', 'h=10', 'h=-1&w=10', 'h=10&h=11&w=10', 'h=1e3&w=10'])
      expect((await resize(q)).status, q).toBe(403);
    const off = await startProxy({ SOCKET_PROXY_EXEC: '0' });
    try {
      expect((await raw(off.socket, 'POST', `/containers/${webId}/exec`, tty)).status).toBe(403);
      expect((await resize('h=10&w=10', off.socket)).status).toBe(403);
      expect((await raw(off.socket, 'POST', `/exec/${id}/start`, '{"Detach":false,"Tty":true}')).status).toBe(
        403,
      );
      // a backup's pre-command (no TTY, no stdin) still runs
      expect((await raw(off.socket, 'POST', `/containers/${webId}/exec`, '{"Cmd":["id"]}')).status).toBe(201);
    } finally {
      await off.stop();
    }
  });

  it('writes when its groups are switched off (a read-only console)', async () => {
    const ro = await startProxy({ SOCKET_PROXY_ACTIONS: '0', SOCKET_PROXY_BACKUPS: '0' });
    try {
      expect((await raw(ro.socket, 'GET', '/containers/json')).status).toBe(200);
      expect((await raw(ro.socket, 'POST', `/containers/${webId}/restart`)).status).toBe(403);
      expect((await raw(ro.socket, 'POST', `/containers/${webId}/exec`, '{"Cmd":["id"]}')).status).toBe(403);
      expect((await raw(ro.socket, 'POST', '/containers/create', helper({}))).status).toBe(403);
    } finally {
      await ro.stop();
    }
  });
});
