import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * false in the server's HTML and until React has hydrated, then true. A form whose submit waits for
 * it cannot be sent natively before its handler exists: that would be a GET with the password (or a
 * new token's secret) in the URL, in history and in access logs.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
