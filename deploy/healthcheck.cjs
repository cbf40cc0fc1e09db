// Docker HEALTHCHECK for the Opsdeck image: exit 0 when /api/health answers 200 within the timeout.
// Written for node (not wget/curl) because the official slim base has neither.
const bind = process.env.HOSTNAME ?? '';
// A wildcard bind is reachable on loopback; a specific address must be asked on that address.
const host = ['', '0.0.0.0', '::', '[::]'].includes(bind)
  ? '127.0.0.1'
  : bind.includes(':')
    ? `[${bind}]`
    : bind;
const url = `http://${host}:${process.env.PORT || '3000'}/api/health`;
fetch(url, { signal: AbortSignal.timeout(3000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
