/**
 * Service ids are opaque and URL-safe, yet stable for the same host/stack/service: base64url of the
 * three parts, so nothing needs to be stored to resolve one.
 */
export function serviceIdOf(host: string, stack: string, name: string): string {
  return Buffer.from(`${host}\u0000${stack}\u0000${name}`, 'utf8').toString('base64url');
}

export function parseServiceId(id: string): { host: string; stack: string; name: string } | null {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(id)) return null;
  const parts = Buffer.from(id, 'base64url').toString('utf8').split('\u0000');
  if (parts.length !== 3) return null;
  const [host, stack, name] = parts as [string, string, string];
  if (!host || !name) return null;
  return { host, stack, name };
}
