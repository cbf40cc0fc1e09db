/**
 * The operations the wall display calls, by method, name and path only, so the TV's JavaScript carries
 * no zod and no other operation (bench/screens.mjs measures it). Not a second source: the test beside it
 * checks each entry against its declaration in `ops` (components/live/wall-routes.test.ts).
 */
export const wallRoutes = {
  stream: { method: 'GET', name: 'stream', path: '/api/v1/stream' },
  alertsList: { method: 'GET', name: 'alerts.list', path: '/api/v1/alerts' },
} as const;
