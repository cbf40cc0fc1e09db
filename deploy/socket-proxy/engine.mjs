// The proxy's own reads of the engine: it checks what a request would touch against what the engine
// says (containers, their labels and mounts), never against what the request claims.
import http from 'node:http';

const MAX_ANSWER = 16 * 1024 * 1024;

/** @param {string} socketPath */
export function engineReader(socketPath) {
  /** GET `path` as JSON; null on 404. */
  const get = (path) =>
    new Promise((resolve, reject) => {
      const req = http.request({ socketPath, path, method: 'GET', headers: { host: 'docker' } }, (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (c) => {
          size += c.length;
          if (size > MAX_ANSWER) req.destroy(new Error('engine answer too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          if (res.statusCode === 404) return resolve(null);
          if (res.statusCode !== 200)
            return reject(new Error(`engine answered ${res.statusCode} to GET ${path}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      });
      req.setTimeout(15_000, () => req.destroy(new Error(`engine did not answer GET ${path}`)));
      req.on('error', reject);
      req.end();
    });
  return {
    get,
    /** a container's inspect, by id or name; null when there is none */
    inspect: (ref) => get(`/containers/${encodeURIComponent(ref)}/json`),
    /** an exec's inspect; null when there is none */
    inspectExec: (id) => get(`/exec/${encodeURIComponent(id)}/json`),
    /** every container (running or not) carrying all of these labels (`k=v` or `k`) */
    list: (labels) =>
      get(`/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: labels }))}`),
  };
}
