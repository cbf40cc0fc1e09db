import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The boundary check of `npm run lint` (.dependency-cruiser.cjs), proven to fail on planted
// wrong-way imports. It runs the depcruise CLI as lint does, with the working directory set to
// the tree it checks, since the rules match paths relative to it.
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

/** Runs depcruise in `cwd` as lint does; `err` is what `npm run lint` prints, `json` the graph. */
function depcruise(cwd: string, targets: string[], outputType: 'err' | 'json') {
  const args = [bin, '--config', config, '--output-type', outputType, ...targets];
  try {
    return {
      exitCode: 0,
      stdout: execFileSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }),
    };
  } catch (err) {
    const failed = err as { status: number; stdout: string };
    return { exitCode: failed.status, stdout: failed.stdout };
  }
}

interface Graph {
  modules: {
    source: string;
    dependencies: { module: string; resolved: string; couldNotResolve: boolean }[];
  }[];
}

describe('import boundaries', () => {
  it('fail on every planted wrong-way import, by rule', () => {
    const result = depcruise(
      path.join(root, 'tests/fixtures/boundaries'),
      ['lib', 'components', 'app'],
      'err',
    );
    expect(result.exitCode).not.toBe(0);
    const found = [...result.stdout.matchAll(/^\s*error ([\w-]+): (.*)$/gm)].map(
      (m) => `${m[1]}: ${m[2]?.trim()}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'no-framework-in-lib: lib/services/view.ts → ../../../node_modules/react/index.js',
        'dockerode-only-in-docker: lib/services/engine-direct.ts → ../../../node_modules/dockerode/lib/docker.js',
        'docker-is-an-adapter: lib/docker/client.ts → lib/http/route.ts',
        'http-only-at-the-edge: lib/docker/client.ts → lib/http/route.ts',
        'store-knows-no-tenant: lib/store/db.ts → lib/auth/schema.ts',
        'actions-not-backups: lib/actions/restart.ts → lib/backups/create.ts',
        'backups-not-actions: lib/backups/create.ts → lib/actions/restart.ts',
        'jobs-is-generic: lib/jobs/engine.ts → lib/actions/restart.ts',
        'components-use-the-contract: components/panel.ts → lib/services/engine-direct.ts',
        'routes-apart: app/api/one/route.ts → app/api/two/route.ts',
      ]),
    );
    expect(found.filter((f) => f.startsWith('no-folder-cycles-in-lib: lib/actions'))).toHaveLength(1);
    // A component may take schemas.ts, types.ts and type-only imports: none of those is reported.
    expect(found.filter((f) => f.startsWith('components-use-the-contract'))).toHaveLength(1);
  });

  it('resolve the @/ alias on the real tree (an unresolved import would pass every rule unseen)', () => {
    const graph = JSON.parse(depcruise(root, ['lib/boot.ts'], 'json').stdout) as Graph;
    const deps = graph.modules.find((m) => m.source === 'lib/boot.ts')?.dependencies ?? [];
    const viaAlias = deps.filter((d) => d.module.startsWith('@/lib/'));
    expect(viaAlias.length).toBeGreaterThan(0);
    for (const d of viaAlias) expect(d.resolved).toMatch(/^lib\/.+\.ts$/);
    expect(graph.modules.flatMap((m) => m.dependencies).filter((d) => d.couldNotResolve)).toEqual([]);
  });
});
