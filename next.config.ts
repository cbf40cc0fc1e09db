import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  // Native or socket-heavy server modules stay outside the bundle.
  serverExternalPackages: [
    'better-sqlite3',
    'ws',
    'dockerode',
    'docker-modem',
    'ssh2',
    'cpu-features',
    'pino',
    '@node-rs/argon2',
  ],
  // The build checks the app's own sources; `npm run typecheck` checks everything, tests included.
  typescript: { ignoreBuildErrors: false, tsconfigPath: 'tsconfig.build.json' },
};

export default nextConfig;
