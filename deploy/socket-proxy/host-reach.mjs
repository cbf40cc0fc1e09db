// What in a container's configuration reaches the host: the engine's own answers (inspect) are
// judged with this, so a clone never copies, and an exec or archive never enters, a container that
// holds the host (privileged, host namespaces, devices, the engine socket, the host's system dirs).
import { isObject } from './strict-json.mjs';

/** Host paths no container that Opsdeck may change or enter may bind (nor any dir above them). */
const SYSTEM_DIRS = [
  '/etc',
  '/root',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/run',
  '/var/run',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
];

/**
 * Why a host path is off limits, or null. `extra` holds the engine socket's own path (it may live
 * elsewhere than /var/run). Refused: not absolute or not clean, `/`, any system dir, anything above
 * or under one, anything naming docker.sock.
 * @param {unknown} source
 * @param {string[]} [extra]
 */
export function hostPathRisk(source, extra = []) {
  if (typeof source !== 'string' || !source.startsWith('/')) return 'a bind source must be an absolute path';
  if (/\/\.\.?(\/|$)|\/\/|\\|\0/.test(source)) return `the bind source ${source} is not a clean path`;
  const p = source.replace(/\/+$/, '') || '/';
  if (p === '/') return "a bind of the host's /";
  if (/docker\.sock/i.test(p)) return `a bind of the engine socket (${p})`;
  for (const dir of [...SYSTEM_DIRS, ...extra]) {
    const d = dir.replace(/\/+$/, '');
    if (p === d || p.startsWith(`${d}/`) || d.startsWith(`${p}/`)) return `a bind of the host's ${p}`;
  }
  return null;
}

// CgroupnsMode is not judged here: `host` is the engine's own default on cgroup v1 hosts, and the
// cgroup filesystem stays read-only without privileges. A create body cannot set it (allow-lists).
const NAMESPACES = ['PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'NetworkMode'];
const nonEmpty = (v) =>
  Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : Boolean(v);

/**
 * Why a container with this HostConfig (and inspect `Mounts`) reaches the host, or null.
 * @param {Record<string, any>} hc
 * @param {{ Type?: string, Source?: string }[] | null | undefined} mounts
 * @param {string[]} [extra]
 */
export function hostConfigRisk(hc, mounts, extra = []) {
  if (!isObject(hc)) return 'no HostConfig';
  if (hc.Privileged === true) return 'privileged';
  if (nonEmpty(hc.CapAdd)) return `added capabilities (${[].concat(hc.CapAdd).join(', ')})`;
  for (const k of ['Devices', 'DeviceCgroupRules', 'DeviceRequests', 'VolumesFrom'])
    if (nonEmpty(hc[k])) return `${k} is set`;
  for (const k of NAMESPACES) {
    const v = hc[k];
    if (typeof v !== 'string') continue;
    if ((v === 'host' && k !== 'NetworkMode') || v.startsWith('container:')) return `${k} ${v}`;
  }
  for (const opt of hc.SecurityOpt ?? [])
    if (!/^no-new-privileges([:=]true)?$/.test(String(opt))) return `security option ${opt}`;
  if (Array.isArray(hc.MaskedPaths) && hc.MaskedPaths.length === 0) return 'unmasked /proc paths';
  for (const b of hc.Binds ?? []) {
    const source = String(b).split(':')[0] ?? '';
    // `name:/path` is a named volume (compose writes those into Binds too); a path is a bind
    if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) continue;
    const risk = hostPathRisk(source, extra);
    if (risk) return risk;
  }
  for (const m of [...(hc.Mounts ?? []), ...(mounts ?? [])]) {
    if (!isObject(m)) return 'a malformed mount';
    if (m.Type === 'bind') {
      const risk = hostPathRisk(m.Source, extra);
      if (risk) return risk;
    } else if (m.Type !== 'volume' && m.Type !== 'tmpfs') return `a ${m.Type} mount`;
    if (isObject(m.VolumeOptions) && isObject(m.VolumeOptions.DriverConfig))
      return 'a volume with driver options';
  }
  return null;
}
