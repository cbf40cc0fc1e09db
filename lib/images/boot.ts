import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';
import { listDockerServices } from '@/lib/services';
import { isOpsdeckItself } from '@/lib/services/self';
import { checkImage, registerImageSource } from './checker';

let timer: NodeJS.Timeout | null = null;
let first: NodeJS.Timeout | null = null;

/** One sweep: every service's tag, one after another (the per-registry queue paces them). */
export async function checkAllImages(): Promise<void> {
  for (const svc of await listDockerServices()) {
    if (isOpsdeckItself(svc)) continue;
    await checkImage(svc, false).catch(() => undefined);
  }
}

/**
 * Registers the `images` source and, unless OPSDECK_IMAGE_CHECK_MINUTES is 0, checks every
 * service's tag a minute after boot and then every N minutes. A sweep never blocks the service
 * list: its answers land in memory and the list shows them when they arrive.
 */
export function startImageChecks(): void {
  registerImageSource();
  const minutes = env().OPSDECK_IMAGE_CHECK_MINUTES;
  if (minutes === 0) return;
  const sweep = () =>
    void checkAllImages().catch((err) => logger().warn({ err }, 'image check sweep failed'));
  first = setTimeout(sweep, 60_000);
  timer = setInterval(sweep, minutes * 60_000);
  first.unref();
  timer.unref();
}

export function stopImageChecks(): void {
  if (first) clearTimeout(first);
  if (timer) clearInterval(timer);
  first = timer = null;
}
