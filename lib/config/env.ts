import path from 'node:path';
import { z } from 'zod';
import { type OidcSettings, parseOidcSettings } from './oidc';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

/** The placeholder shipped in .env.example: a deployment that kept it is refused at boot. */
export const EXAMPLE_ADMIN_PASSWORD = 'change-me-to-something-long';
export const MIN_ADMIN_PASSWORD = 12;

const adminPassword = z
  .string()
  .min(MIN_ADMIN_PASSWORD, `must be at least ${MIN_ADMIN_PASSWORD} characters`)
  .refine(
    (v) => v !== EXAMPLE_ADMIN_PASSWORD && !/^change[-_ ]?me/i.test(v),
    'is the placeholder from .env.example: set a password of your own',
  )
  .optional();

/** Every environment variable Opsdeck reads, validated once at boot. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default('127.0.0.1'),
  DOCKER_HOST: z.string().optional(),
  /** `name=unix:///…,name2=tcp://…`: several engines; wins over DOCKER_HOST. */
  OPSDECK_DOCKER_HOSTS: z.string().optional(),
  /** per-host credentials: `<dir>/<name>/{ca,cert,key}.pem` (tcp:// TLS), `<dir>/<name>/ssh_key` (ssh://) */
  OPSDECK_DOCKER_CERTS_DIR: z.string().optional(),
  OPSDECK_DATA_DIR: z.string().min(1).default('./data'),
  PROMETHEUS_URL: optionalUrl,
  ALERTMANAGER_URL: optionalUrl,
  PROMETHEUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OPSDECK_ADMIN_PASSWORD: adminPassword,
  OPSDECK_AUTH_PROXY_HEADER: z.string().optional(),
  OPSDECK_AUTH_PROXY_ADDRESSES: z.string().optional(),
  /** Reverse proxies (comma-separated addresses) whose X-Forwarded-For names the client. */
  OPSDECK_TRUSTED_PROXIES: z.string().optional(),
  /** Set by scripts/start.mjs for each boot, never by hand: proves the peer header came from it. */
  OPSDECK_PEER_SECRET: z.string().optional(),
  /** Largest backup upload, in bytes (default 10 GiB). */
  OPSDECK_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 50)
    .default(10 * 1024 ** 3),
  /** HMAC key of the audit chain (16+ chars); else a key file beside the data, made at first boot. */
  OPSDECK_AUDIT_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  OPSDECK_AUDIT_KEY_FILE: z.string().optional(),
  /** A session ends this many hours after login, however active (1–720, default 24). */
  OPSDECK_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  OPSDECK_WALL_FRAME_ANCESTORS: z.string().optional(),
  OPSDECK_CONFIG: z.string().optional(),
  OPSDECK_BACKUP_DIR: z.string().optional(),
  /** a directory (another disk's or host's mount) every backup is also copied to, checked end to end */
  OPSDECK_OFFSITE_DIR: z.string().optional(),
  /** an S3-compatible bucket every backup is also copied to (multipart, checked end to end) */
  OPSDECK_OFFSITE_S3_BUCKET: z.string().optional(),
  OPSDECK_OFFSITE_S3_ENDPOINT: z.string().optional(),
  OPSDECK_OFFSITE_S3_REGION: z.string().optional(),
  OPSDECK_OFFSITE_S3_PREFIX: z.string().optional(),
  /** credentials, or `_FILE` forms naming a secret file; never logged, returned or audited */
  OPSDECK_OFFSITE_S3_ACCESS_KEY_ID: z.string().optional(),
  OPSDECK_OFFSITE_S3_ACCESS_KEY_ID_FILE: z.string().optional(),
  OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY: z.string().optional(),
  OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY_FILE: z.string().optional(),
  /** every N minutes, copy backups a target lacks, for services with no later backup to carry them (0 = off) */
  OPSDECK_OFFSITE_SWEEP_MINUTES: z.coerce.number().int().min(0).max(10_080).default(15),
  /** every N minutes, check each service's tag against its registry for a newer image (0 = on demand only) */
  OPSDECK_IMAGE_CHECK_MINUTES: z.coerce.number().int().min(0).max(10_080).default(360),
  /** at most this many registry requests per minute, per registry (scheduled and on-demand checks share it) */
  OPSDECK_REGISTRY_CHECKS_PER_MINUTE: z.coerce.number().int().min(1).max(6000).default(60),
  /** `registry=user:password,…`: registry credentials beside (and before) the engine's config.json */
  OPSDECK_REGISTRY_AUTH: z.string().optional(),
  /** the same, read from a file (a compose secret); never logged, returned or audited */
  OPSDECK_REGISTRY_AUTH_FILE: z.string().optional(),
  /** the Docker client config whose `auths` hold registry credentials (default ~/.docker/config.json) */
  OPSDECK_DOCKER_CONFIG: z.string().optional(),
  /** comma-separated `host:port` registries spoken to over plain HTTP (loopback ones always are) */
  OPSDECK_INSECURE_REGISTRIES: z.string().optional(),
  OPSDECK_MAX_REPLICAS: z.coerce.number().int().min(1).max(1000).default(20),
  /** comma-separated `stack/service` globs naming Opsdeck itself when it does not run in a labelled container */
  OPSDECK_SELF_SERVICES: z.string().optional(),
  OPSDECK_EVENT_RETENTION: z.coerce.number().int().min(100).default(5000),
  /** Overload: requests of one class (api, page, probe) being served at once (default 32). */
  OPSDECK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Overload: requests of one class waiting for a slot; beyond it 503 at once (default 64). */
  OPSDECK_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(64),
  /** Overload: a request that waited this long for a slot is answered 503 (default 250 ms). */
  OPSDECK_MAX_QUEUE_WAIT_MS: z.coerce.number().int().min(1).max(60_000).default(250),
  /** Overload: event-loop lag past which new requests (probes aside) get 503 (default 200 ms). */
  OPSDECK_MAX_LOOP_LAG_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** Overload: a hot read reached this far into a loop turn (waiting in its socket) gets 503 (default 50 ms). */
  OPSDECK_MAX_TURN_WAIT_MS: z.coerce.number().int().min(5).max(60_000).default(50),
  /** Open event streams (live, logs, jobs) per principal; beyond it 429 (default 32). */
  OPSDECK_MAX_STREAMS_PER_PRINCIPAL: z.coerce.number().int().min(1).max(100_000).default(32),
  /** Open event streams in all; beyond it 503 (default 2000). */
  OPSDECK_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  /**
   * Where HTTP probes may go besides loopback (a probe URL comes from a label: hostile input):
   * comma-separated CIDRs (`10.0.0.0/8`, `fd00::/8`) and exact host names (`api.internal`).
   */
  OPSDECK_PROBE_ALLOW: z.string().optional(),
  /** probes in flight at once, whatever the number of services */
  OPSDECK_PROBE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Roles whose users may open a terminal or run a command in a container: `admin` (default), `operator,admin`, `none`. */
  OPSDECK_EXEC_ROLES: z.string().default('admin'),
  /** `0`: terminal sessions are audited without what was typed (who, where, when, how long only). */
  OPSDECK_EXEC_RECORD: z.enum(['0', '1']).default('1'),
  /** What a terminal session's audit entry keeps of the input typed, in characters (default 2048). */
  OPSDECK_EXEC_TRANSCRIPT_MAX_BYTES: z.coerce.number().int().min(0).max(3000).default(2048),
  /** A terminal with no input and no output for this long is closed (default 900 s). */
  OPSDECK_EXEC_IDLE_SECONDS: z.coerce.number().int().min(2).max(86_400).default(900),
  /** Terminal sessions open at once, in all (default 20) and per user or token (default 4). */
  OPSDECK_EXEC_MAX_SESSIONS: z.coerce.number().int().min(1).max(1000).default(20),
  OPSDECK_EXEC_MAX_SESSIONS_PER_USER: z.coerce.number().int().min(1).max(1000).default(4),
  /** Output a one-shot command (`POST /containers/{id}/exec`) answers with, in bytes (default 64 KiB). */
  OPSDECK_EXEC_OUTPUT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  /** The address users open Opsdeck at (`https://ops.example.com`): the OIDC redirect URL is built on it. */
  OPSDECK_PUBLIC_URL: optionalUrl,
  /** OpenID Connect login (lib/config/oidc.ts): off unless the issuer is set. */
  OPSDECK_OIDC_ISSUER: optionalUrl,
  OPSDECK_OIDC_CLIENT_ID: z.string().optional(),
  /** the client secret, or `_FILE` naming a file holding it; none: a public client (PKCE only) */
  OPSDECK_OIDC_CLIENT_SECRET: z.string().optional(),
  OPSDECK_OIDC_CLIENT_SECRET_FILE: z.string().optional(),
  OPSDECK_OIDC_SCOPES: z.string().optional(),
  /** shown on the login page: "Sign in with <name>" */
  OPSDECK_OIDC_NAME: z.string().optional(),
  OPSDECK_OIDC_ROLE_CLAIM: z.string().optional(),
  OPSDECK_OIDC_ROLE_MAP: z.string().optional(),
  OPSDECK_OIDC_USERNAME_CLAIM: z.string().optional(),
  /** an http:// issuer (a provider on a private network); https only otherwise */
  OPSDECK_OIDC_ALLOW_HTTP: z.enum(['true', 'false', '1', '0', '']).optional(),
  /** container stats streams open at once (one per container someone looks at; lib/docker-stats) */
  OPSDECK_STATS_STREAMS: z.coerce.number().int().min(1).max(1000).default(32),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema> & {
  dataDir: string;
  /** OpenID Connect login, parsed and checked at boot; null when off */
  oidc: OidcSettings | null;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  let oidc: OidcSettings | null;
  try {
    oidc = parseOidcSettings(result.data);
  } catch (err) {
    throw new ConfigError(`Invalid environment:\n  ${(err as Error).message}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.OPSDECK_DATA_DIR), oidc };
}

const holder = globalThis as unknown as { __opsdeckEnv?: Env };

/** The validated environment, parsed on first use and then cached for the process. */
export function env(): Env {
  holder.__opsdeckEnv ??= parseEnv(process.env);
  return holder.__opsdeckEnv;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  holder.__opsdeckEnv = undefined;
}
