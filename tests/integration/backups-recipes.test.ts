import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, freePort, redisCompose, removeVolumes } from './backups-fixtures';

/**
 * Database-consistent backups, the recipes of docs/backups.md on real servers: PostgreSQL (Debian's
 * binaries, image opsdeck-demo/postgres:1 built by scripts/images.sh) via `pg_dump` as the pre-command
 * and a verify that restores the dump into a throwaway server and runs a query; Redis via BGSAVE and
 * waiting for it; SQLite via `.backup`. Needs `scripts/images.sh sqlite postgres`.
 */
const P = 'opsdeck-test-brecipe';
const dataDir = tempDataDir();
process.env.OPSDECK_DATA_DIR = dataDir;
delete process.env.OPSDECK_BACKUP_DIR;
delete process.env.OPSDECK_OFFSITE_DIR;
resetEnvCache();

const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { startBackupJob, startVerifyJob } = await import('@/lib/backups/jobs');
const req = { actor: 'test', requestId: 'recipes' };

async function needImage(image: string): Promise<void> {
  const found = await docker('image', 'inspect', '-f', '{{.Id}}', image).catch(() => '');
  if (!found) throw new Error(`${image} is missing: run scripts/images.sh sqlite postgres`);
}

async function serviceOf(stack: string, name: string, healthy = true): Promise<string> {
  return (
    await waitFor(
      `${stack}/${name}`,
      async () => {
        const s = (await listServices()).services.find((x) => x.stack === stack && x.name === name);
        return s && (!healthy || s.status === 'healthy') ? s : undefined;
      },
      90_000,
    )
  ).id;
}

async function backupAndVerify(serviceId: string): Promise<{ backup: Job; verify: Job; id: string }> {
  const backup = await finished((await startBackupJob(serviceId, req)).id);
  expect(backup.status, backup.error ?? '').toBe('succeeded');
  const id = backup.results.at(-1)?.target ?? '';
  const verify = await finished((await startVerifyJob(id, req)).id, 180_000);
  return { backup, verify, id };
}

const manifestOf = (id: string) =>
  JSON.parse(fs.readFileSync(path.join(dataDir, 'backups', id, 'manifest.json'), 'utf8'));

describe('database-consistent backup recipes', () => {
  beforeAll(async () => {
    await needImage('opsdeck-demo/postgres:1');
    await needImage('opsdeck-demo/sqlite:1');
    for (const s of ['pg', 'redis', 'lite']) await removeByPrefix(`${P}${s}`);
    await removeVolumes(`${P}pg_data`, `${P}pg_dumps`, `${P}redis_data`, `${P}lite_data`, `${P}lite_dumps`);
  });

  afterAll(async () => {
    stopInventory();
    for (const s of ['pg', 'redis', 'lite']) await removeByPrefix(`${P}${s}`);
    await removeVolumes(`${P}pg_data`, `${P}pg_dumps`, `${P}redis_data`, `${P}lite_data`, `${P}lite_dumps`);
  });

  it('PostgreSQL: pg_dump as the pre-command; verify restores it into a throwaway server and queries it', async () => {
    const port = await freePort();
    const psql = (sql: string) =>
      docker(
        'exec',
        `${P}pg_db_1`,
        'psql',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'app',
        '-tAc',
        sql,
      );
    const check = [
      'initdb -D /tmp/v -U postgres --auth=trust --locale=C >/dev/null',
      `pg_ctl -D /tmp/v -o "-k /tmp -c listen_addresses=''" -w start >/dev/null`,
      'createdb -h /tmp -U postgres app',
      'pg_restore -h /tmp -U postgres -d app /dump/app.dump',
      // `$$`: compose interpolates `$`; the label holds a plain `$(…)`
      `test "$$(psql -h /tmp -U postgres -d app -tAc 'select count(*) from items')" = 50`,
      'echo restored: 50 items',
    ].join(' && ');
    const yaml = `
version: "2.4"
services:
  db:
    image: opsdeck-demo/postgres:1
    environment: { PGPORT: "${port}" }
    network_mode: host
    volumes: ["data:/data", "dumps:/dump"]
    healthcheck:
      test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-p", "${port}"]
      interval: 1s
      retries: 30
    labels:
      opsdeck.backup.pre: "pg_dump -h 127.0.0.1 -p ${port} -U postgres -Fc -f /dump/app.dump app"
      opsdeck.backup.paths: /dump
      opsdeck.backup.verify: ${JSON.stringify(check)}
volumes:
  data: {}
  dumps: {}
`;
    await compose(`${P}pg`, yaml, 'up', '-d');
    const id = await serviceOf(`${P}pg`, 'db');
    // the dump volume must be writable by the server's user
    await docker('exec', '-u', '0', `${P}pg_db_1`, 'chown', 'postgres', '/dump');
    await docker(
      'exec',
      `${P}pg_db_1`,
      'createdb',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      'app',
    );
    await psql('create table items (id int primary key, name text)');
    await psql("insert into items select g, 'item ' || g from generate_series(1, 50) g");
    const { backup, verify, id: backupId } = await backupAndVerify(id);
    expect(manifestOf(backupId).pre).toMatchObject({ exitCode: 0 });
    expect(manifestOf(backupId).volumes.map((v: { destination: string }) => v.destination)).toEqual([
      '/dump',
    ]);
    expect(backup.steps.map((s) => s.message).join('\n')).toContain('pg_dump');
    expect(verify.status, verify.error ?? '').toBe('succeeded');
    expect(verify.steps.map((s) => s.message).join('\n')).toContain('restored: 50 items');
  });

  it('Redis: BGSAVE, then wait until it finished and succeeded', async () => {
    const port = await freePort();
    const cli = `redis-cli -p ${port}`;
    const pre = [
      `${cli} BGSAVE >/dev/null`,
      `while ${cli} INFO persistence | grep -q 'rdb_bgsave_in_progress:1'; do sleep 1; done`,
      `${cli} INFO persistence | grep -q 'rdb_last_bgsave_status:ok'`,
      'echo bgsave done',
    ].join(' && ');
    await compose(
      `${P}redis`,
      redisCompose(port, {
        'opsdeck.backup.pre': pre,
        'opsdeck.backup.verify': 'redis-check-rdb /data/dump.rdb',
      }),
      'up',
      '-d',
    );
    const id = await serviceOf(`${P}redis`, 'redis');
    for (let i = 0; i < 20; i++)
      await docker('exec', `${P}redis_redis_1`, 'redis-cli', '-p', String(port), 'SET', `k${i}`, `v${i}`);
    const { verify, id: backupId } = await backupAndVerify(id);
    expect(manifestOf(backupId).pre).toMatchObject({ exitCode: 0 });
    expect(manifestOf(backupId).pre.output).toContain('bgsave done');
    expect(verify.status, verify.error ?? '').toBe('succeeded');
  });

  it('SQLite: .backup into a dump volume while the database is open; the copy passes integrity_check', async () => {
    const yaml = `
version: "2.4"
services:
  app:
    image: opsdeck-demo/sqlite:1
    command: ["sleep", "86400"]
    init: true
    network_mode: none
    volumes: ["data:/data", "dumps:/dump"]
    labels:
      opsdeck.backup.pre: "sqlite3 /data/app.db \\".backup /dump/app.db\\""
      opsdeck.backup.paths: /dump
      opsdeck.backup.verify: "test \\"$$(sqlite3 /dump/app.db 'PRAGMA integrity_check; select count(*) from t;' | tr '\\\\n' ' ')\\" = 'ok 50 '"
volumes:
  data: {}
  dumps: {}
`;
    await compose(`${P}lite`, yaml, 'up', '-d');
    const id = await serviceOf(`${P}lite`, 'app', false);
    await docker(
      'exec',
      `${P}lite_app_1`,
      'sqlite3',
      '/data/app.db',
      'PRAGMA journal_mode=WAL; create table t (x); with recursive c(n) as (select 1 union all select n+1 from c where n < 50) insert into t select n from c;',
    );
    const { verify } = await backupAndVerify(id);
    expect(verify.status, verify.error ?? '').toBe('succeeded');
  });
});
