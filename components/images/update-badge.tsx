import type { Service } from '@/lib/services/types';

/**
 * "update available" when the registry holds a newer image for the tag; "check failed" (never
 * "up to date") when the last check could not tell. Nothing before the first check.
 */
export function UpdateBadge({ image }: { image: Service['image'] }) {
  if (image.updateAvailable === true)
    return (
      <span
        data-testid="update-available"
        title={`registry ${image.remoteDigest ?? '?'} · running ${image.currentDigest ?? '?'}`}
        className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 font-sans text-[11px] font-medium text-sky-800 dark:bg-sky-900/50 dark:text-sky-200"
      >
        update available
      </span>
    );
  if (image.error)
    return (
      <span
        data-testid="update-check-failed"
        title={image.error}
        className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-sans text-[11px] text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
      >
        check failed
      </span>
    );
  return null;
}
