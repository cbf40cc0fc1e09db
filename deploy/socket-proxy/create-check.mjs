// POST /containers/create: an allow-list over the parsed body. A create is either
//  (a) a clone: the HostConfig of an existing container of the same compose service, as the engine
//      reports it (not as the body claims), of a source that does not itself reach the host; or
//  (b) a backup helper: named volumes (or a bind some managed service already binds), no network,
//      nothing else in HostConfig.
// Every key is matched exactly (case included); strict-json.mjs already refused keys that fold alike.
import { hostConfigRisk, hostPathRisk } from './host-reach.mjs';
import { isObject, jsonEqual } from './strict-json.mjs';

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const SWARM_SERVICE = 'com.docker.swarm.service.id';
export const HELPER = 'opsdeck.helper';
const HELPER_OWNER = 'opsdeck.helper.owner';
export const ROLE = 'opsdeck.role';

/** Container.Config keys a clone carries over from the inspected source (lib/docker/compose.ts). */
const CLONE_KEYS = new Set([
  'name',
  'Hostname',
  'Domainname',
  'User',
  'AttachStdin',
  'AttachStdout',
  'AttachStderr',
  'ExposedPorts',
  'Tty',
  'OpenStdin',
  'StdinOnce',
  'Env',
  'Cmd',
  'Healthcheck',
  'ArgsEscaped',
  'Image',
  'Volumes',
  'WorkingDir',
  'Entrypoint',
  'NetworkDisabled',
  'MacAddress',
  'OnBuild',
  'Labels',
  'StopSignal',
  'StopTimeout',
  'Shell',
  'HostConfig',
  'NetworkingConfig',
]);
const HELPER_KEYS = new Set([
  'name',
  'Image',
  'Entrypoint',
  'Cmd',
  'Labels',
  'NetworkDisabled',
  'HostConfig',
]);
const PLAIN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

const refuse = (why) => ({ ok: false, why });
const strings = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const stringMap = (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * @param {Record<string, any>} body parsed strictly
 * @param {{ engine: ReturnType<import('./engine.mjs').engineReader>, isOwn: (c: any) => boolean, extraPaths: string[], actions: boolean, backups: boolean }} ctx
 * @returns {Promise<{ ok: true, kind: string } | { ok: false, why: string }>}
 */
export async function checkCreate(body, ctx) {
  if (!isObject(body)) return refuse('the body is not a JSON object');
  if (!stringMap(body.Labels ?? {})) return refuse('Labels must map strings to strings');
  const labels = body.Labels ?? {};
  if (ROLE in labels) return refuse(`a new container may not carry ${ROLE}`);
  if (HELPER in labels) return ctx.backups ? checkHelper(body, ctx) : refuse('backups are switched off');
  if (typeof labels[PROJECT] === 'string' && typeof labels[SERVICE] === 'string')
    return ctx.actions ? checkClone(body, labels, ctx) : refuse('actions are switched off');
  return refuse('a create must be a clone of a compose service or an Opsdeck backup helper');
}

async function checkClone(body, labels, ctx) {
  for (const k of Object.keys(body))
    if (!CLONE_KEYS.has(k)) return refuse(`the key ${k} is not allowed in a clone`);
  if (HELPER in labels || HELPER_OWNER in labels) return refuse('a clone may not carry helper labels');
  const sources = await ctx.engine.list([`${PROJECT}=${labels[PROJECT]}`, `${SERVICE}=${labels[SERVICE]}`]);
  let why = `no container of ${labels[PROJECT]}/${labels[SERVICE]} has this HostConfig`;
  for (const summary of sources ?? []) {
    if (HELPER in (summary.Labels ?? {})) continue;
    const src = await ctx.engine.inspect(summary.Id);
    if (!src || !jsonEqual(body.HostConfig, src.HostConfig)) continue;
    if (ctx.isOwn(src)) return refuse("Opsdeck's and the proxy's own containers are not cloned");
    const risk = hostConfigRisk(src.HostConfig, src.Mounts, ctx.extraPaths);
    if (risk) {
      why = `${labels[PROJECT]}/${labels[SERVICE]} reaches the host (${risk}): clone it with docker-compose on the host`;
      continue;
    }
    const nets = checkEndpoints(body.NetworkingConfig, src);
    if (nets) return refuse(nets);
    return { ok: true, kind: 'clone' };
  }
  return refuse(why);
}

/** A clone joins only networks its source is on, with aliases only. */
function checkEndpoints(nc, src) {
  if (nc === undefined || nc === null) return null;
  if (!isObject(nc) || Object.keys(nc).some((k) => k !== 'EndpointsConfig') || !isObject(nc.EndpointsConfig))
    return 'NetworkingConfig may hold EndpointsConfig only';
  const own = src.NetworkSettings?.Networks ?? {};
  for (const [net, ep] of Object.entries(nc.EndpointsConfig)) {
    if (!(net in own)) return `the source is not on the network ${net}`;
    if (!isObject(ep) || Object.keys(ep).some((k) => k !== 'Aliases') || !strings(ep.Aliases ?? []))
      return 'an endpoint may set Aliases only';
  }
  return null;
}

async function checkHelper(body, ctx) {
  for (const k of Object.keys(body))
    if (!HELPER_KEYS.has(k)) return refuse(`the key ${k} is not allowed in a helper`);
  for (const k of Object.keys(body.Labels))
    if (k !== HELPER && k !== HELPER_OWNER) return refuse(`a helper may not carry the label ${k}`);
  if (typeof body.Image !== 'string' || !body.Image) return refuse('a helper needs an Image');
  if (!strings(body.Cmd ?? []) || !strings(body.Entrypoint ?? []))
    return refuse('Cmd and Entrypoint are string lists');
  if (body.NetworkDisabled !== true) return refuse('a helper has NetworkDisabled: true');
  const hc = body.HostConfig;
  if (!isObject(hc)) return refuse('a helper needs a HostConfig');
  for (const k of Object.keys(hc))
    if (k !== 'NetworkMode' && k !== 'Mounts') return refuse(`HostConfig.${k} is not allowed in a helper`);
  if (hc.NetworkMode !== 'none') return refuse('a helper has NetworkMode none');
  if (!Array.isArray(hc.Mounts)) return refuse('a helper lists its Mounts');
  const guarded = await guardedVolumes(ctx);
  for (const m of hc.Mounts) {
    if (!isObject(m) || Object.keys(m).some((k) => !['Type', 'Source', 'Target'].includes(k)))
      return refuse('a helper mount has Type, Source and Target only');
    if (typeof m.Target !== 'string' || !/^\/[^\0]+$/.test(m.Target) || /(^|\/)\.\.?(\/|$)/.test(m.Target))
      return refuse('a helper mount Target is a clean absolute path other than /');
    if (m.Type === 'volume') {
      if (typeof m.Source !== 'string' || !PLAIN.test(m.Source))
        return refuse('a helper volume is named plainly');
      if (guarded.has(m.Source)) return refuse(`the volume ${m.Source} is Opsdeck's or the proxy's own`);
    } else if (m.Type === 'bind') {
      const risk = hostPathRisk(m.Source, ctx.extraPaths);
      if (risk) return refuse(risk);
      if (!(await boundByManagedService(m.Source, ctx)))
        return refuse(`no container of a managed stack binds ${m.Source}`);
    } else return refuse(`a helper mount is a named volume or a service's bind, not ${m.Type}`);
  }
  return { ok: true, kind: 'helper' };
}

/** Volumes Opsdeck's own containers and the proxy mount: a helper must not read their data. */
async function guardedVolumes(ctx) {
  const out = new Set();
  for (const c of (await ctx.engine.list([ROLE])) ?? [])
    for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name) out.add(m.Name);
  return out;
}

/** A bind source is backed up only where a compose or swarm service (not a helper, not Opsdeck) binds it. */
async function boundByManagedService(source, ctx) {
  const clean = source.replace(/\/+$/, '');
  for (const label of [PROJECT, SWARM_SERVICE]) {
    for (const c of (await ctx.engine.list([label])) ?? []) {
      const l = c.Labels ?? {};
      if (HELPER in l || ROLE in l) continue;
      if ((c.Mounts ?? []).some((m) => m.Type === 'bind' && String(m.Source).replace(/\/+$/, '') === clean))
        return true;
    }
  }
  return false;
}
