import { env } from '@/lib/config/env';
import { dockerHosts } from '@/lib/docker/client';
import { stopInventory } from '@/lib/docker/inventory';
import { liveHub, stopLiveHub } from '@/lib/live/hub';
import { logger } from '@/lib/log/logger';
import { liveInventory } from '@/lib/services/runtime';
import { closeDb } from '@/lib/store/db';
import { DataDirLockedError, lockDataDir } from '@/lib/store/lock';
import { bootHooks, shutdownHooks, storeOwners } from './boot-hooks';

const holder = globalThis as unknown as { __opsdeckBooted?: boolean };

/**
 * Starts, exactly once per process, what the server keeps running: the store, the engine
 * watchers, the live hub and every module's boot hook; and stops them on SIGTERM.
 */
export function boot(): void {
  if (holder.__opsdeckBooted) return;
  holder.__opsdeckBooted = true;
  const config = env();
  // a bad engine list or a missing certificate file stops the server with a message naming it
  dockerHosts();
  try {
    lockDataDir(config.dataDir);
  } catch (e) {
    // Refuse before touching the store: a second server would mark the first one's jobs interrupted.
    if (!(e instanceof DataDirLockedError)) throw e;
    logger().fatal({ dataDir: e.dataDir, otherPid: e.pid }, e.message);
    console.error(`opsdeck: ${e.message}`);
    process.exit(1);
  }
  for (const ownedStore of storeOwners) ownedStore();
  liveInventory();
  for (const hook of bootHooks) hook();
  liveHub();
  logger().info({ dataDir: config.dataDir }, 'opsdeck started');
  const shutdown = (signal: string) => {
    logger().info({ signal }, 'shutting down');
    for (const hook of shutdownHooks) hook();
    stopLiveHub();
    stopInventory();
    closeDb();
    process.exit(0);
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
