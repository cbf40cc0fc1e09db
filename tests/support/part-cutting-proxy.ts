import http from 'node:http';

/**
 * A loopback HTTP forwarder in front of a real S3 server that records which multipart part numbers
 * went through and, while `cutAfterParts` is set, drops the connection of every request once that
 * many parts were stored: the network cut mid-file that a real bucket cannot be told to produce on
 * demand. The bytes that do pass are the real server's business.
 */
export interface PartCuttingProxy {
  endpoint: string;
  /** part numbers the server stored (answered 2xx), in order */
  storedParts: number[];
  cutAfterParts: number | null;
  close(): Promise<void>;
}

export async function partCuttingProxy(target: string): Promise<PartCuttingProxy> {
  const to = new URL(target);
  const state: PartCuttingProxy = {
    endpoint: '',
    storedParts: [],
    cutAfterParts: null,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    if (state.cutAfterParts !== null && state.storedParts.length >= state.cutAfterParts) {
      req.socket.destroy();
      return;
    }
    const partNumber = new URL(req.url ?? '/', 'http://x').searchParams.get('partNumber');
    const upstream = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (partNumber && (answer.statusCode ?? 500) < 300) state.storedParts.push(Number(partNumber));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
