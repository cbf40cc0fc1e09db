// The rule for each allowed engine call. Reads pass; every call that changes or enters a container
// is checked against the engine's own view of it, and forwarded with the container's full id (so a
// name cannot be re-pointed between the check and the call).
import { checkCreate, HELPER, ROLE } from './create-check.mjs';
import { hostConfigRisk } from './host-reach.mjs';
import { imageRemoveRule, networkRemoveRule, pullRule, volumeRemoveRule } from './image-rules.mjs';
import { isObject, jsonEqual } from './strict-json.mjs';

const READS = new Set([
  'ping',
  'containers.list',
  'container.inspect',
  'container.logs',
  'container.stats',
  'image.inspect',
  'volume.inspect',
  'volumes.list',
  'services.list',
  'service.inspect',
  'service.logs',
  'tasks.list',
  'nodes.list',
  'events',
  'exec.inspect',
  'networks.list',
  'system.df',
  'version',
]);
/** Calls whose JSON body the proxy reads (bounded) and re-serialises; all others stream through. */
export const SCREENED = new Set([
  'containers.create',
  'exec.create',
  'volume.create',
  'network.connect',
  'service.update',
]);

const MANAGED = ['com.docker.compose.project', 'com.docker.swarm.service.id'];
const allow = (extra = {}) => ({ ok: true, ...extra });
const refuse = (why, status = 403) => ({ ok: false, why, status });
const isManaged = (c) => MANAGED.some((k) => k in (c.Config?.Labels ?? {}));
const isHelper = (c) => HELPER in (c.Config?.Labels ?? {});

/**
 * @param {{ call: { name: string }, params: Record<string,string>, query: URLSearchParams, version: string }} r
 * @param {any} body the parsed body of a SCREENED call
 * @param {{ engine: any, isOwn: (c: any) => boolean, extraPaths: string[], actions: boolean, backups: boolean, exec: boolean }} ctx
 */
export async function decide(r, body, ctx) {
  const name = r.call.name;
  if (READS.has(name)) return allow();
  const at = (path) => `${r.version}${path}`;
  const container = async () => {
    const c = await ctx.engine.inspect(r.params.id);
    if (!c) return { gone: refuse(`No such container: ${r.params.id}`, 404) };
    if (ctx.isOwn(c)) return { gone: refuse("Opsdeck's and the proxy's own containers are off limits") };
    return { c };
  };
  switch (name) {
    case 'container.start':
    case 'container.stop':
    case 'container.restart':
    case 'container.kill':
    case 'container.wait':
    case 'container.remove': {
      if (!ctx.actions && !ctx.backups) return refuse('actions and backups are switched off');
      const { c, gone } = await container();
      if (gone) return gone;
      // without actions, only the helpers backups create may be started, stopped or removed
      if (!ctx.actions && !isHelper(c)) return refuse('actions are switched off');
      const verb = name === 'container.remove' ? '' : `/${name.split('.')[1]}`;
      return allow({ path: at(`/containers/${c.Id}${verb}${queryOf(r.query)}`) });
    }
    case 'containers.create': {
      const verdict = await checkCreate(body, ctx);
      if (!verdict.ok) return refuse(verdict.why);
      const names = r.query.getAll('name');
      if (names.length > 1 || (names[0] !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(names[0])))
        return refuse('the name must be one plain name');
      const q = new URLSearchParams();
      if (names[0]) q.set('name', names[0]);
      return allow({ path: at(`/containers/create${queryOf(q)}`), body });
    }
    case 'container.archive.get':
    case 'container.archive.put': {
      if (!ctx.backups) return refuse('backups are switched off');
      const { c, gone } = await container();
      if (gone) return gone;
      if (!isHelper(c)) return refuse("archives are read and written only in Opsdeck's backup helpers");
      const risk = hostConfigRisk(c.HostConfig, c.Mounts, ctx.extraPaths);
      if (risk || c.HostConfig?.NetworkMode !== 'none')
        return refuse(`this helper is not one (${risk ?? 'network'})`);
      return allow({ path: at(`/containers/${c.Id}/archive${queryOf(r.query)}`) });
    }
    case 'exec.create': {
      const shape = execShape(body);
      if (shape) return refuse(shape);
      const interactive = body.AttachStdin === true || body.Tty === true;
      if (interactive ? !ctx.exec : !ctx.backups && !ctx.exec)
        return refuse(interactive ? 'terminals are switched off' : 'backups and exec are switched off');
      const { c, gone } = await container();
      if (gone) return gone;
      const why = execTargetRisk(c, ctx);
      if (why) return refuse(why);
      return allow({ path: at(`/containers/${c.Id}/exec`), body });
    }
    case 'exec.start':
    case 'exec.resize': {
      const e = await ctx.engine.inspectExec(r.params.id);
      if (!e) return refuse(`No such exec instance: ${r.params.id}`, 404);
      const interactive = e.OpenStdin === true || e.ProcessConfig?.tty === true;
      if (interactive || name === 'exec.resize' ? !ctx.exec : !ctx.backups && !ctx.exec)
        return refuse(interactive ? 'terminals are switched off' : 'backups and exec are switched off');
      const pc = e.ProcessConfig ?? {};
      if (pc.privileged || (pc.user && pc.user !== ''))
        return refuse('this exec asks for privileges or a user');
      const c = await ctx.engine.inspect(e.ContainerID);
      if (!c || ctx.isOwn(c)) return refuse("Opsdeck's and the proxy's own containers are off limits");
      const why = execTargetRisk(c, ctx);
      if (why) return refuse(why);
      if (name === 'exec.start') return allow({ path: at(`/exec/${e.ID}/start`) });
      // a resize carries the size only: two small whole numbers
      const q = new URLSearchParams();
      for (const k of r.query.keys())
        if (k !== 'h' && k !== 'w') return refuse(`the query ${k} is not allowed`);
      for (const k of ['h', 'w']) {
        const v = r.query.getAll(k);
        if (v.length !== 1 || !/^[0-9]{1,4}$/.test(v[0])) return refuse('a resize needs h and w as numbers');
        q.set(k, v[0]);
      }
      return allow({ path: at(`/exec/${e.ID}/resize?${q}`) });
    }
    case 'volume.create': {
      if (!ctx.backups) return refuse('backups are switched off');
      // Driver options are refused: the local driver's o=bind,device=/etc is a bind of the host
      if (!isObject(body) || Object.keys(body).some((k) => k !== 'Name' && k !== 'Labels'))
        return refuse('a volume is created with Name and Labels only');
      if (typeof body.Name !== 'string' || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(body.Name))
        return refuse('a volume needs a plain Name');
      if (
        !isObject(body.Labels ?? {}) ||
        !Object.values(body.Labels ?? {}).every((v) => typeof v === 'string')
      )
        return refuse('Labels map strings to strings');
      return allow({ body });
    }
    case 'volume.remove': {
      if (!ctx.backups && !ctx.actions) return refuse('actions and backups are switched off');
      const v = await ctx.engine.get(`/volumes/${encodeURIComponent(r.params.name)}`);
      if (!v) return refuse(`No such volume: ${r.params.name}`, 404);
      if (ctx.backups && 'opsdeck.throwaway' in (v.Labels ?? {})) return allow();
      // a prune (actions) removes a volume no container mounts
      if (!ctx.actions) return refuse("only Opsdeck's throwaway volumes are removed");
      const verdict = await volumeRemoveRule(r, v, ctx);
      return verdict.ok ? allow() : verdict;
    }
    case 'images.create':
      return ctx.actions ? pullRule(r, ctx) : refuse('actions are switched off');
    case 'image.remove':
      return ctx.actions ? imageRemoveRule(r, ctx) : refuse('actions are switched off');
    case 'network.remove':
      return ctx.actions ? networkRemoveRule(r, ctx, at) : refuse('actions are switched off');
    case 'network.connect':
      return ctx.actions ? networkConnect(r, body, ctx) : refuse('actions are switched off');
    case 'service.update':
      return ctx.actions ? serviceUpdate(r, body, ctx) : refuse('actions are switched off');
    default:
      return refuse('this engine call has no rule in the proxy');
  }
}

const TERMINAL_ENV = /^(TERM|LANG|LC_ALL)=[A-Za-z0-9_.@-]{0,64}$/;

const queryOf = (q) => (q.toString() ? `?${q.toString()}` : '');

function execShape(body) {
  if (!isObject(body)) return 'the body is not a JSON object';
  for (const [k, v] of Object.entries(body)) {
    if (k === 'Cmd') {
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string'))
        return 'Cmd is a string list';
    } else if (['AttachStdin', 'AttachStdout', 'AttachStderr', 'Tty'].includes(k)) {
      if (typeof v !== 'boolean') return `${k} is a boolean`;
    } else if (k === 'Env') {
      // a terminal's locale and terminal type, nothing that changes what runs (LD_PRELOAD, PATH)
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && TERMINAL_ENV.test(x)))
        return 'Env may set TERM, LANG and LC_ALL only';
    } else return `the key ${k} is not allowed in an exec`;
  }
  return body.Cmd ? null : 'an exec needs a Cmd';
}

/** Exec runs only in containers of managed stacks that do not themselves hold the host. */
function execTargetRisk(c, ctx) {
  if (!isManaged(c) || isHelper(c)) return 'exec runs only in containers of managed stacks';
  const risk = hostConfigRisk(c.HostConfig, c.Mounts, ctx.extraPaths);
  return risk ? `this container reaches the host (${risk}): no exec through the proxy` : null;
}

async function networkConnect(r, body, ctx) {
  if (!isObject(body) || Object.keys(body).some((k) => k !== 'Container' && k !== 'EndpointConfig'))
    return refuse('a connect has Container and EndpointConfig only');
  const ep = body.EndpointConfig ?? {};
  if (!isObject(ep) || Object.keys(ep).some((k) => k !== 'Aliases'))
    return refuse('an endpoint may set Aliases only');
  const c = typeof body.Container === 'string' ? await ctx.engine.inspect(body.Container) : null;
  if (!c) return refuse('No such container', 404);
  if (ctx.isOwn(c) || isHelper(c) || !isManaged(c))
    return refuse('only clones of managed services join networks');
  // the network must be one another container of the same service is on
  const labels = c.Config.Labels;
  const siblings = await ctx.engine.list([
    `com.docker.compose.project=${labels['com.docker.compose.project']}`,
    `com.docker.compose.service=${labels['com.docker.compose.service']}`,
  ]);
  const on = (s) =>
    Object.entries(s.NetworkSettings?.Networks ?? {}).some(
      ([n, v]) => n === r.params.id || v?.NetworkID === r.params.id,
    );
  if (!(siblings ?? []).some((s) => s.Id !== c.Id && on(s)))
    return refuse('no container of this service is on that network');
  return allow({ body: { ...body, Container: c.Id } });
}

/** A swarm update may bump ForceUpdate, set the replica count, switch the image: nothing else. */
async function serviceUpdate(r, body, ctx) {
  const svc = await ctx.engine.get(`/services/${encodeURIComponent(r.params.id)}`);
  if (!svc) return refuse(`No such service: ${r.params.id}`, 404);
  const cur = svc.Spec ?? {};
  if (ROLE in (cur.Labels ?? {}) || ROLE in (cur.TaskTemplate?.ContainerSpec?.Labels ?? {}))
    return refuse("Opsdeck's and the proxy's own services are off limits");
  if (!isObject(body)) return refuse('the body is not a JSON object');
  const strip = (spec, image) => {
    const s = structuredClone(spec);
    if (isObject(s.TaskTemplate)) {
      delete s.TaskTemplate.ForceUpdate;
      if (isObject(s.TaskTemplate.ContainerSpec) && image) delete s.TaskTemplate.ContainerSpec.Image;
    }
    if (isObject(s.Mode) && isObject(s.Mode.Replicated)) delete s.Mode;
    return s;
  };
  const cs = cur.TaskTemplate?.ContainerSpec ?? {};
  const holdsHost =
    cs.Privileges?.Privileged === true ||
    (cs.CapabilityAdd ?? []).length > 0 ||
    hostConfigRisk({ Mounts: cs.Mounts ?? [] }, [], ctx.extraPaths);
  if (!jsonEqual(strip(body, !holdsHost), strip({ ...cur }, !holdsHost)))
    return refuse(
      'a swarm update may change only ForceUpdate, the replica count and (for services that do not hold the host) the image',
    );
  for (const k of r.query.keys())
    if (!['version', 'rollback', 'registryAuthFrom'].includes(k))
      return refuse(`the query ${k} is not allowed`);
  return allow({ body });
}
