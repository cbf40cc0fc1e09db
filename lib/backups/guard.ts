import { getDockerService } from '@/lib/services';
import { assertNotOpsdeck } from '@/lib/services/self';
import type { Backup } from './catalog';

/**
 * A backup of Opsdeck itself (left from before this rule, or uploaded naming it) is never verified,
 * restored or downloaded: it holds the password hashes, tokens and audit log. Judged on the live
 * service when it still exists (labels, container id), else on its stack/name (OPSDECK_SELF_SERVICES).
 */
export async function assertBackupNotOpsdeck(backup: Backup): Promise<void> {
  const live = await getDockerService(backup.serviceId).catch(() => null);
  assertNotOpsdeck(
    live ?? { stack: backup.service.stack, name: backup.service.name, labels: {}, containers: [] },
  );
}
