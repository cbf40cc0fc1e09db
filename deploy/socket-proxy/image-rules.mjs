// The proxy's rules for pulls and removals (prune): a pull only of a tag a managed service already
// runs, removals of images, networks and volumes nothing uses and that are not Opsdeck's own.
import { ROLE } from './create-check.mjs';

const MANAGED = ['com.docker.compose.project', 'com.docker.swarm.service.id'];
const REPOSITORY = /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9]$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const BUILT_IN = new Set(['bridge', 'host', 'none', 'docker_gwbridge', 'ingress']);
const refuse = (why, status = 403) => ({ ok: false, why, status });

/** `docker.io/library/redis:7` and `redis:7` are one reference; a missing tag is `latest`. */
export function normalRef(ref) {
  let r = String(ref).trim();
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const colon = r.lastIndexOf(':');
  if (colon <= r.lastIndexOf('/')) r = `${r}:latest`;
  return r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

/** The images (as created) of every managed container that is not Opsdeck's or the proxy's own. */
async function managedImages(ctx) {
  const seen = new Set();
  const out = new Set();
  for (const label of MANAGED) {
    for (const c of (await ctx.engine.list([label])) ?? []) {
      if (seen.has(c.Id)) continue;
      seen.add(c.Id);
      if (ROLE in (c.Labels ?? {})) continue;
      // the list shows the image id once the tag moved on (after a pull): the inspect keeps the name
      if (/^sha256:/.test(c.Image ?? '')) {
        const full = await ctx.engine.inspect(c.Id);
        if (full && !ctx.isOwn(full) && full.Config?.Image) out.add(normalRef(full.Config.Image));
      } else if (c.Image) out.add(normalRef(c.Image));
    }
  }
  return out;
}

/** POST /images/create: `fromImage` + `tag` only (no import from a URL, no renaming), of a used tag. */
export async function pullRule(r, ctx) {
  for (const k of r.query.keys())
    if (k !== 'fromImage' && k !== 'tag') return refuse(`the query ${k} is not allowed in a pull`);
  const from = r.query.getAll('fromImage');
  const tags = r.query.getAll('tag');
  if (from.length !== 1 || tags.length !== 1 || !REPOSITORY.test(from[0]) || !TAG.test(tags[0]))
    return refuse('a pull names one repository (fromImage) and one tag');
  const wanted = normalRef(`${from[0]}:${tags[0]}`);
  if (!(await managedImages(ctx)).has(wanted))
    return refuse(`no managed service runs ${wanted}: only the tag a service already uses is pulled`);
  return { ok: true };
}

/** DELETE /images/{name}: never forced, not an image a container uses, not Opsdeck's own. */
export async function imageRemoveRule(r, ctx) {
  for (const [k, v] of r.query)
    if (!(k === 'noprune' || (k === 'force' && (v === '0' || v === 'false'))))
      return refuse(`the query ${k}=${v} is not allowed in an image removal`);
  const img = await ctx.engine.get(`/images/${r.params.name}/json`);
  if (!img) return refuse(`No such image: ${r.params.name}`, 404);
  if (ROLE in (img.Config?.Labels ?? {}))
    return refuse("Opsdeck's and the proxy's own images are off limits");
  const all = (await ctx.engine.get('/containers/json?all=1')) ?? [];
  if (all.some((c) => c.ImageID === img.Id)) return refuse('a container uses this image');
  return { ok: true };
}

/** DELETE /networks/{id}: not built in, no container on it, not Opsdeck's own. */
export async function networkRemoveRule(r, ctx, at) {
  if (BUILT_IN.has(r.params.id)) return refuse('the engine’s own networks are off limits');
  const n = await ctx.engine.get(`/networks/${encodeURIComponent(r.params.id)}`);
  if (!n) return refuse(`No such network: ${r.params.id}`, 404);
  if (BUILT_IN.has(n.Name) || n.Ingress) return refuse('the engine’s own networks are off limits');
  if (ROLE in (n.Labels ?? {})) return refuse("Opsdeck's and the proxy's own networks are off limits");
  if (Object.keys(n.Containers ?? {}).length > 0) return refuse('containers are on this network');
  if (r.query.toString()) return refuse('a network removal takes no query');
  return { ok: true, path: at(`/networks/${n.Id}`) };
}

/** DELETE /volumes/{name} beyond backups' throwaway ones: no container (even stopped) mounts it. */
export async function volumeRemoveRule(r, v, ctx) {
  if (ROLE in (v.Labels ?? {})) return refuse("Opsdeck's and the proxy's own volumes are off limits");
  for (const [k, val] of r.query)
    if (!(k === 'force' && (val === '0' || val === 'false')))
      return refuse(`the query ${k}=${val} is not allowed in a volume removal`);
  const users = await ctx.engine.get(
    `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ volume: [v.Name] }))}`,
  );
  if (!Array.isArray(users) || users.length > 0) return refuse('a container uses this volume');
  return { ok: true };
}
