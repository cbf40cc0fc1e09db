import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { answer, call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { openTerminal, terminalServer } from '../support/terminal';

/**
 * The terminal and the one-shot command on the real engine: the one-shot through its route handler,
 * the WebSocket through a real HTTP server whose upgrades go to lib/http/terminal-upgrade.ts (as
 * scripts/start.mjs hands them over). Permissions, Origin, Opsdeck's own container, a stopped one,
 * limits, idle timeout, a container stopping under the session, and the audit with its transcript.
 */
const P = 'opsdeck-test-term';
const SELF = 'opsdeck-test-termself';
process.env.OPSDECK_DATA_DIR = tempDataDir();
process.env.OPSDECK_ADMIN_PASSWORD = 'terminal-admin-password';
process.env.OPSDECK_EXEC_OUTPUT_MAX_BYTES = '2048';
process.env.OPSDECK_EXEC_MAX_SESSIONS_PER_USER = '2';
process.env.OPSDECK_EXEC_TRANSCRIPT_MAX_BYTES = '200';
resetEnvCache();

const execRoute = await import('@/app/api/v1/containers/[containerId]/exec/route');
const { ops } = await import('@/lib/contract');
const { createTerminalUpgrade } = await import('@/lib/http/terminal-upgrade');
const { listAudit } = await import('@/lib/audit/query');
const { createUser } = await import('@/lib/auth/users');
const { createSession } = await import('@/lib/auth/sessions');
const { SESSION_COOKIE } = await import('@/lib/auth/cookies');
const { inventory, stopInventory } = await import('@/lib/docker/inventory');

const service = (name: string, extra = '') => `
  ${name}:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    network_mode: none${extra}`;

let execToken = '';
let adminToken = '';
let displayExec = '';
let operateToken = '';
let adminCookie = '';
let operatorCookie = '';
const ids: Record<string, string> = {};
let server: Awaited<ReturnType<typeof terminalServer>>;

const containerId = (project: string, name: string) =>
  docker(
    'ps',
    '-aq',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    `label=com.docker.compose.service=${name}`,
  );
const oneShot = (id: string, body: unknown, token = execToken) =>
  call(execRoute.POST, '/', { token, params: { containerId: id }, body });
const wsUrl = (id: string, query = 'cmd=sh') => `ws://${server.base}/api/v1/containers/${id}/exec?${query}`;
const asAdmin = () => ({ headers: { cookie: adminCookie, origin: `http://${server.base}` } });
const withToken = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const refusedStatus = (p: Promise<unknown>) =>
  p.then(
    () => 'opened',
    (err: { status?: number }) => err.status,
  );
const runningIn = (id: string, state: string) =>
  waitFor(`the inventory to see ${id.slice(0, 12)} ${state}`, async () =>
    inventory()
      .services()
      .some((s) => s.containers.some((c) => c.id === id && c.state === state))
      ? true
      : undefined,
  );

beforeAll(async () => {
  await removeByPrefix(P);
  await removeByPrefix(SELF);
  await compose(
    P,
    `version: "2.4"\nservices:${service('shell')}${service('victim')}${service('stopped')}\n`,
    'up',
    '-d',
  );
  await compose(
    SELF,
    `version: "2.4"\nservices:${service('console', '\n    labels: { opsdeck.role: "console" }')}\n`,
    'up',
    '-d',
  );
  for (const name of ['shell', 'victim', 'stopped']) ids[name] = await containerId(P, name);
  ids.console = await containerId(SELF, 'console');
  await docker('stop', '-t', '1', ids.stopped as string);
  execToken = mintToken(['exec']);
  adminToken = mintToken(['admin']);
  operateToken = mintToken(['operate']);
  displayExec = mintToken(['display', 'exec']);
  const admin = await createUser({ username: 'term-admin', password: 'admin-password-1', role: 'admin' });
  const operator = await createUser({
    username: 'term-operator',
    password: 'operator-password-1',
    role: 'operator',
  });
  adminCookie = `${SESSION_COOKIE}=${createSession(admin.id).id}`;
  operatorCookie = `${SESSION_COOKIE}=${createSession(operator.id).id}`;
  await inventory().ready();
  await runningIn(ids.shell as string, 'running');
  await runningIn(ids.stopped as string, 'exited');
  server = await terminalServer(createTerminalUpgrade());
}, 120_000);

afterAll(async () => {
  await server?.close();
  stopInventory();
  await removeByPrefix(P);
  await removeByPrefix(SELF);
});

describe('one-shot command: POST /api/v1/containers/{id}/exec', () => {
  it('answers the demultiplexed output and the exit code', async () => {
    const res = await oneShot(ids.shell as string, {
      cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'],
    });
    expect(res.status).toBe(200);
    const body = await answer(ops.containersExec, res);
    expect(body.exitCode).toBe(3);
    expect(body.timedOut).toBe(false);
    expect(body.output).toContain('to-out\n');
    expect(body.output).toContain('to-err\n');
    // no frame headers left in the text. The engine copies stdout and stderr on their own, so the two
    // lines may arrive in either order (as in logs): the text is exactly the two of them.
    expect(body.output.length).toBe('to-out\nto-err\n'.length);
    expect(body.output.split('\n').sort()).toEqual(['', 'to-err', 'to-out']);
  });

  it('caps the output and says how much was cut; a prefix of the id works', async () => {
    const res = await oneShot((ids.shell as string).slice(0, 12), {
      cmd: ['sh', '-c', "head -c 10000 /dev/zero | tr '\\0' x"],
    });
    const body = await answer(ops.containersExec, res);
    expect(body.exitCode).toBe(0);
    expect(body.output.startsWith('x'.repeat(2048))).toBe(true);
    expect(body.output).toContain('[… 7952 more bytes not kept]');
  });

  it('says when the command was still running at the timeout', async () => {
    const body = await answer(
      ops.containersExec,
      await oneShot(ids.shell as string, { cmd: ['sh', '-c', 'echo begun; sleep 5'], timeoutSeconds: 1 }),
    );
    expect(body).toMatchObject({ exitCode: null, timedOut: true });
    expect(body.output).toContain('begun');
  });

  it('refuses without the exec permission, Opsdeck itself, a stopped container, bad input', async () => {
    const shell = ids.shell as string;
    for (const token of [adminToken, operateToken, displayExec, mintToken(['read'])]) {
      const res = await oneShot(shell, { cmd: ['id'] }, token);
      expect(res.status).toBe(403);
    }
    // an exec token limited to another service
    expect((await oneShot(shell, { cmd: ['id'] }, mintToken(['exec'], [`${P}/victim`]))).status).toBe(403);
    expect((await oneShot(shell, { cmd: ['id'] }, mintToken(['exec'], [`${P}/shell`]))).status).toBe(200);
    const self = await oneShot(ids.console as string, { cmd: ['id'] });
    expect(self.status).toBe(403);
    expect((await json<{ error: { message: string } }>(self)).error.message).toContain('Opsdeck itself');
    const stopped = await oneShot(ids.stopped as string, { cmd: ['id'] });
    expect(stopped.status).toBe(409);
    expect((await json<{ error: { code: string } }>(stopped)).error.code).toBe('conflict');
    expect((await oneShot('ffffffffffff', { cmd: ['id'] })).status).toBe(404);
    expect((await oneShot(shell, { cmd: [] })).status).toBe(400);
    expect((await oneShot(shell, { cmd: 'id' })).status).toBe(400);
  });

  it('is audited with the command and who ran it', async () => {
    const entries = listAudit({ action: 'container.exec' }).entries;
    const ok = entries.find((e) => e.result === 'ok' && JSON.stringify(e.params).includes('to-out'));
    expect(ok).toMatchObject({ actor: expect.stringMatching(/^token:/), target: `${P}/shell` });
    expect(entries.some((e) => e.result === 'error:403')).toBe(true);
  });
});

describe('terminal over a WebSocket', () => {
  it('runs a shell: input, output, resize, UTF-8; the session is audited with its transcript', async () => {
    const t = await openTerminal(wsUrl(ids.shell as string, 'cmd=sh&cols=100&rows=30'), asAdmin());
    t.type('echo hi-$((1+2))\r');
    await t.waitFor('hi-3');
    t.type('stty size\r');
    await t.waitFor('30 100');
    t.ws.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    // the resize lands asynchronously: ask until the shell sees it
    await waitFor('the resized terminal', async () => {
      t.type('stty size\r');
      await new Promise((r) => setTimeout(r, 200));
      return t.screen().includes('40 120') ? true : undefined;
    });
    t.type('printf "caf\\303\\251 \\033[31mred\\033[0m\\n"\r');
    await t.waitFor('café \x1b[31mred\x1b[0m');
    t.type(`: ${'y'.repeat(250)}\r`);
    t.type('exit 7\r');
    const closed = await t.closed;
    expect(closed).toEqual({ code: 1000, reason: 'The command exited (code 7)' });
    expect(t.screen()).toContain('[opsdeck] The command exited (code 7)');
    await waitFor('the session audit entry', async () =>
      listAudit({ action: 'container.terminal' }).entries.find(
        (e) => e.actor === 'term-admin' && e.result === 'ok',
      ),
    );
    const entry = listAudit({ action: 'container.terminal' }).entries.find(
      (e) => e.actor === 'term-admin' && e.result === 'ok',
    );
    expect(entry).toMatchObject({ target: `${P}/shell`, actorKind: 'user' });
    const params = entry?.params as Record<string, unknown>;
    expect(params).toMatchObject({ container: ids.shell, cmd: ['sh'], ended: 'exited', recorded: true });
    expect(params.transcript).toContain('echo hi-$((1+2))\n');
    expect(params.transcript).toContain('stty size\n');
    // the cap (200 characters here) holds, and what did not fit is counted
    expect((params.transcript as string).length).toBeLessThanOrEqual(200);
    expect(params.transcriptDroppedChars).toBeGreaterThan(0);
    expect(typeof params.durationSeconds).toBe('number');
    expect(
      listAudit({ action: 'container.terminal.open' }).entries.some((e) => e.actor === 'term-admin'),
    ).toBe(true);
  });

  it('takes a bearer token in Authorization or as the subprotocol, never answering it back', async () => {
    const a = await openTerminal(wsUrl(ids.shell as string), withToken(execToken));
    a.type('echo via-header\r');
    await a.waitFor('via-header');
    a.ws.close();
    const b = await openTerminal(
      wsUrl(ids.shell as string, 'cmd=sh&cmd=-c&cmd=echo%20via-protocol;%20sleep%2030'),
      {
        protocols: ['opsdeck.terminal', `bearer.${execToken}`],
      },
    );
    expect(b.ws.protocol).toBe('opsdeck.terminal');
    await b.waitFor('via-protocol');
    b.ws.close();
    await Promise.all([a.closed, b.closed]);
  });

  it('refuses the upgrade without the exec permission, from another Origin, and for the wall', async () => {
    const shell = ids.shell as string;
    const origin = `http://${server.base}`;
    expect(await refusedStatus(openTerminal(wsUrl(shell)))).toBe(401);
    expect(
      await refusedStatus(
        openTerminal(wsUrl(shell), { headers: { cookie: adminCookie, origin: 'http://evil.example' } }),
      ),
    ).toBe(403);
    expect(await refusedStatus(openTerminal(wsUrl(shell), { headers: { cookie: adminCookie } }))).toBe(403);
    expect(
      await refusedStatus(openTerminal(wsUrl(shell), { headers: { cookie: operatorCookie, origin } })),
    ).toBe(403);
    expect(await refusedStatus(openTerminal(wsUrl(shell), withToken(adminToken)))).toBe(403);
    expect(
      await refusedStatus(
        openTerminal(wsUrl(shell), { protocols: ['opsdeck.terminal', `bearer.${displayExec}`] }),
      ),
    ).toBe(403);
    // the wall's cookie: a display token, cut down to display whatever else it holds
    expect(
      await refusedStatus(
        openTerminal(wsUrl(shell), { headers: { cookie: `opsdeck_wall=${displayExec}`, origin } }),
      ),
    ).toBe(403);
    const refused = listAudit({ action: 'container.terminal' }).entries.filter(
      (e) => e.result === 'error:403',
    );
    expect(refused.length).toBeGreaterThan(0);
  });

  it('closes with a reason: Opsdeck itself, a stopped or unknown container, too many sessions', async () => {
    const closedWith = async (url: string, opts = withToken(execToken)) =>
      (await openTerminal(url, opts)).closed;
    expect(await closedWith(wsUrl(ids.console as string))).toMatchObject({
      code: 4403,
      reason: expect.stringContaining('Opsdeck itself'),
    });
    expect(await closedWith(wsUrl(ids.stopped as string))).toMatchObject({
      code: 4409,
      reason: expect.stringContaining('not running'),
    });
    expect(await closedWith(wsUrl('ffffffffffff'))).toMatchObject({ code: 4404 });
    const one = await openTerminal(wsUrl(ids.shell as string), withToken(execToken));
    const two = await openTerminal(wsUrl(ids.shell as string), withToken(execToken));
    expect(await closedWith(wsUrl(ids.shell as string))).toMatchObject({
      code: 4429,
      reason: expect.stringContaining('terminal sessions open'),
    });
    // another principal still gets one
    const other = await openTerminal(wsUrl(ids.shell as string), asAdmin());
    other.type('echo other-ok\r');
    await other.waitFor('other-ok');
    for (const t of [one, two, other]) t.ws.close();
    await Promise.all([one.closed, two.closed, other.closed]);
    // the slots are free again
    const again = await openTerminal(wsUrl(ids.shell as string), withToken(execToken));
    again.type('echo again-ok\r');
    await again.waitFor('again-ok');
    again.ws.close();
  });

  it('says when the chosen shell is not in the container', async () => {
    const t = await openTerminal(wsUrl(ids.shell as string, 'cmd=no-such-shell'), withToken(execToken));
    const closed = await t.closed;
    expect(closed.code).toBe(1000);
    expect(closed.reason).toMatch(/The command exited \(code 12[67]: not found or not runnable/);
  });

  it('tells the terminal when the container stops under it', async () => {
    const t = await openTerminal(wsUrl(ids.victim as string), withToken(execToken));
    t.type('echo alive\r');
    await t.waitFor('alive');
    await docker('stop', '-t', '1', ids.victim as string);
    const closed = await t.closed;
    expect(closed.code).toBe(4002);
    expect(closed.reason).toContain('The container stopped');
    expect(t.screen()).toContain('[opsdeck] The container stopped');
  });

  it('closes an idle session, and records no transcript when recording is off', async () => {
    process.env.OPSDECK_EXEC_IDLE_SECONDS = '2';
    process.env.OPSDECK_EXEC_RECORD = '0';
    resetEnvCache();
    try {
      const t = await openTerminal(wsUrl(ids.shell as string), asAdmin());
      t.type('echo secret-typed\r');
      await t.waitFor('secret-typed');
      const closed = await t.closed;
      expect(closed).toEqual({ code: 4001, reason: 'Closed after 2 s without activity' });
      const entry = await waitFor('the idle session audit entry', async () =>
        listAudit({ action: 'container.terminal' }).entries.find(
          (e) => (e.params as { ended?: string }).ended === 'idle',
        ),
      );
      expect(entry.params).toMatchObject({ recorded: false });
      expect(JSON.stringify(entry.params)).not.toContain('secret-typed');
    } finally {
      delete process.env.OPSDECK_EXEC_IDLE_SECONDS;
      delete process.env.OPSDECK_EXEC_RECORD;
      resetEnvCache();
    }
  });
});
