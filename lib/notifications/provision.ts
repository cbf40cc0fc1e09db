import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';
import { provisionChannels } from './channels';
import { newChannelBody } from './schemas';

const section = z.object({
  notifications: z.object({ channels: z.array(newChannelBody).max(100).default([]) }).optional(),
});

/**
 * The `notifications.channels` section of OPSDECK_CONFIG: channels an admin cannot delete through the
 * API (they are changed in the file). A secret may be written as `env:NAME` to read it from the
 * environment instead of the file.
 */
export function provisionFromConfig(path = env().OPSDECK_CONFIG): { count: number; error?: string } {
  if (!path) return { count: 0 };
  try {
    const raw = parseYaml(readFileSync(path, 'utf8')) as unknown;
    const parsed = section.safeParse(raw ?? {});
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const channels = (parsed.data.notifications?.channels ?? []).map((c) => {
      const out = { ...c } as Record<string, unknown>;
      for (const k of ['secret', 'password'])
        if (typeof out[k] === 'string' && (out[k] as string).startsWith('env:'))
          out[k] = process.env[(out[k] as string).slice(4)];
      return out as typeof c;
    });
    provisionChannels(channels);
    return { count: channels.length };
  } catch (err) {
    const error = `OPSDECK_CONFIG notifications: ${err instanceof Error ? err.message : String(err)}`;
    logger().error({ error }, 'notification channels not provisioned');
    return { count: 0, error };
  }
}
