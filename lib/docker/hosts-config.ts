import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { ConfigError } from '@/lib/config/env';

/**
 * Where each engine is and how to reach it: `OPSDECK_DOCKER_HOSTS=name=url,…` (else DOCKER_HOST as
 * `local`), with per-host credentials found by the Docker CLI's DOCKER_CERT_PATH convention under
 * `OPSDECK_DOCKER_CERTS_DIR/<name>/`: `ca.pem`, `cert.pem`, `key.pem` for `tcp://` with TLS, and
 * `ssh_key` for `ssh://` (else the SSH agent). Only paths are kept here and in messages, never the
 * key material: files are read when the client is made.
 */
export interface DockerHost {
  name: string;
  url: string;
  /** TLS client certificate files of a tcp:// host whose certificate folder exists */
  tls?: { ca: string; cert: string; key: string };
  /** ssh:// only: a private key file, else the agent at SSH_AUTH_SOCK */
  sshKey?: string;
}

export interface HostsEnv {
  OPSDECK_DOCKER_HOSTS?: string;
  DOCKER_HOST?: string;
  OPSDECK_DOCKER_CERTS_DIR?: string;
  SSH_AUTH_SOCK?: string;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const TLS_FILES = ['ca', 'cert', 'key'] as const;

const bad = (message: string) => new ConfigError(`OPSDECK_DOCKER_HOSTS: ${message}`);

/** Parses and checks the engine list; every problem is a ConfigError naming the host or the file. */
export function parseDockerHosts(e: HostsEnv): DockerHost[] {
  const list = e.OPSDECK_DOCKER_HOSTS?.trim()
    ? e.OPSDECK_DOCKER_HOSTS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((entry) => {
          const eq = entry.indexOf('=');
          if (eq <= 0) throw bad(`"${redactUrl(entry)}" is not name=url`);
          return { name: entry.slice(0, eq).trim(), url: entry.slice(eq + 1).trim() };
        })
    : [{ name: 'local', url: e.DOCKER_HOST || DEFAULT_SOCKET }];
  const seen = new Set<string>();
  const certsDir = e.OPSDECK_DOCKER_CERTS_DIR?.trim();
  if (certsDir && !isDir(certsDir))
    throw new ConfigError(`OPSDECK_DOCKER_CERTS_DIR: ${certsDir} is not a directory`);
  return list.map(({ name, url }) => {
    if (!NAME.test(name))
      throw bad(`host name "${name}" must be letters, digits, ".", "_" or "-" (at most 63)`);
    if (seen.has(name)) throw bad(`host "${name}" is listed twice`);
    seen.add(name);
    return withCredentials({ name, url }, certsDir, e.SSH_AUTH_SOCK);
  });
}

function withCredentials(
  host: DockerHost,
  certsDir: string | undefined,
  agent: string | undefined,
): DockerHost {
  const { name, url } = host;
  const scheme = schemeOf(url);
  if (!scheme) throw bad(`host "${name}": "${redactUrl(url)}" is not unix://, tcp://, ssh:// or https://`);
  const own = certsDir ? path.join(certsDir, name) : undefined;
  if (scheme === 'tcp' || scheme === 'https') {
    if (!parsable(url)) throw bad(`host "${name}": "${redactUrl(url)}" is not a valid address`);
    if (!own || !isDir(own)) return host;
    const files = Object.fromEntries(TLS_FILES.map((f) => [f, path.join(own, `${f}.pem`)])) as Record<
      (typeof TLS_FILES)[number],
      string
    >;
    for (const file of Object.values(files)) {
      if (!readable(file))
        throw bad(`host "${name}" uses TLS (${own} exists) but ${file} is missing or unreadable`);
    }
    return { ...host, tls: files };
  }
  if (scheme === 'ssh') {
    if (!parsable(url) || !new URL(url).hostname)
      throw bad(`host "${name}": "${redactUrl(url)}" is not ssh://user@host[:port]`);
    if (!new URL(url).username)
      throw bad(`host "${name}": ${redactUrl(url)} names no user (ssh://user@host)`);
    const key = own ? path.join(own, 'ssh_key') : undefined;
    if (key && readable(key)) return { ...host, sshKey: key };
    if (!agent)
      throw bad(
        `host "${name}" is ssh:// but there is no key at ${key ?? 'OPSDECK_DOCKER_CERTS_DIR/<name>/ssh_key'} and no SSH agent (SSH_AUTH_SOCK)`,
      );
    return host;
  }
  return host;
}

/** The options dockerode needs for one host; reads the credential files (never logged). */
export function hostOptions(host: DockerHost, agent = process.env.SSH_AUTH_SOCK): Docker.DockerOptions {
  const { url } = host;
  const scheme = schemeOf(url);
  if (scheme === 'unix') return { socketPath: url.slice('unix://'.length) };
  if (scheme === 'path') return { socketPath: url };
  const u = new URL(url);
  if (scheme === 'ssh') {
    return {
      protocol: 'ssh',
      host: u.hostname,
      port: Number(u.port || 22),
      username: decodeURIComponent(u.username),
      sshOptions: host.sshKey ? { privateKey: fs.readFileSync(host.sshKey) } : { agent },
    } as Docker.DockerOptions;
  }
  const tls = host.tls;
  const https = scheme === 'https' || !!tls;
  return {
    host: u.hostname,
    port: Number(u.port || (https ? 2376 : 2375)),
    protocol: https ? 'https' : 'http',
    // explicit, so docker-modem never falls back to DOCKER_CERT_PATH of the environment
    ca: tls ? fs.readFileSync(tls.ca) : undefined,
    cert: tls ? fs.readFileSync(tls.cert) : undefined,
    key: tls ? fs.readFileSync(tls.key) : undefined,
  };
}

/** The address as shown to users: no password, no query, no fragment. */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.replace(/[^@]*@/, '');
  try {
    const u = new URL(url);
    if (u.protocol === 'unix:') return url.split('?')[0] ?? url;
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

function schemeOf(url: string): 'unix' | 'path' | 'tcp' | 'https' | 'ssh' | null {
  if (url.startsWith('unix://')) return 'unix';
  if (url.startsWith('/')) return 'path';
  if (url.startsWith('tcp://') || url.startsWith('http://')) return 'tcp';
  if (url.startsWith('https://')) return 'https';
  if (url.startsWith('ssh://')) return 'ssh';
  return null;
}

function parsable(url: string): boolean {
  try {
    return !!new URL(url).hostname;
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.R_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
