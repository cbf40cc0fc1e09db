import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappingConfig } from './config-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-config-'));

describe('loadMappingConfig', () => {
  it('reads a YAML file and a JSON file', () => {
    const yaml = path.join(dir, 'a.yaml');
    writeFileSync(yaml, 'services:\n  shop/worker:\n    labels:\n      opsdeck.queue.warn: 5\n');
    expect(loadMappingConfig(yaml)).toEqual({
      services: { 'shop/worker': { 'opsdeck.queue.warn': '5' } },
      error: null,
    });
    const json = path.join(dir, 'b.json');
    writeFileSync(
      json,
      JSON.stringify({ services: { '/solo': { labels: { 'opsdeck.prometheus.job': 'solo' } } } }),
    );
    expect(loadMappingConfig(json).services['/solo']).toEqual({ 'opsdeck.prometheus.job': 'solo' });
  });

  it('never throws: a missing or invalid file is an error message', () => {
    expect(loadMappingConfig(path.join(dir, 'missing.yaml')).error).toMatch(/ENOENT/);
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'services: [1, 2]\n');
    expect(loadMappingConfig(bad)).toMatchObject({
      services: {},
      error: expect.stringContaining('services'),
    });
  });

  it('is not configured when the variable is unset', () => {
    expect(loadMappingConfig('')).toEqual({ services: {}, error: null });
  });
});
