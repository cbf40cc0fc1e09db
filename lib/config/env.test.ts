import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_ADMIN_PASSWORD, parseEnv as parse } from './env';

const parseEnv = (vars: Record<string, string>) => parse(vars as NodeJS.ProcessEnv);

describe('OPSDECK_ADMIN_PASSWORD', () => {
  it('refuses the .env.example placeholder, whatever .env.example says today', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
    const shipped = /^OPSDECK_ADMIN_PASSWORD=(.*)$/m.exec(example)?.[1] ?? EXAMPLE_ADMIN_PASSWORD;
    for (const value of [shipped, EXAMPLE_ADMIN_PASSWORD]) {
      expect(() => parseEnv({ OPSDECK_ADMIN_PASSWORD: value })).toThrow(ConfigError);
      expect(() => parseEnv({ OPSDECK_ADMIN_PASSWORD: value })).toThrow(/placeholder|at least 12/);
    }
  });

  it('refuses fewer than 12 characters and accepts a real one', () => {
    expect(() => parseEnv({ OPSDECK_ADMIN_PASSWORD: 'elevenchars' })).toThrow(/at least 12 characters/);
    expect(parseEnv({ OPSDECK_ADMIN_PASSWORD: 'twelve-chars' }).OPSDECK_ADMIN_PASSWORD).toBe('twelve-chars');
  });
});
