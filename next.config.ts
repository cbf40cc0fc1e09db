import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  // Native or socket-heavy server modules stay outside the bundle.
  serverExternalPackages: [
    'better-sqlite3',
    'dockerode',
    'docker-modem',
    'ssh2',
    'cpu-features',
    'pino',
    '@node-rs/argon2',
  ],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
