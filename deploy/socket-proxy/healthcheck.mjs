// Healthcheck of the socket proxy: healthy when the engine answers /_ping through it (a proxy that
// runs but cannot reach the engine socket is reported unhealthy, not green).
import http from 'node:http';

const env = process.env;
const target = env.SOCKET_PROXY_SOCKET
  ? { socketPath: env.SOCKET_PROXY_SOCKET }
  : {
      host:
        env.SOCKET_PROXY_ADDR && env.SOCKET_PROXY_ADDR !== '0.0.0.0' ? env.SOCKET_PROXY_ADDR : '127.0.0.1',
      port: Number(env.SOCKET_PROXY_PORT || 2375),
    };
const req = http.get({ ...target, path: '/_ping', timeout: 3000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy());
req.on('error', () => process.exit(1));
