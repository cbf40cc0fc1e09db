import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { appendAudit } from '@/lib/audit/append';
import { authenticate } from '@/lib/auth/authenticate';
import { checkUpgradeOrigin } from '@/lib/auth/csrf';
import { canExec } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { env } from '@/lib/config/env';
import { AppError, forbidden, unauthorized } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { targetOf } from '@/lib/services';
import { SessionLimits } from '@/lib/terminal/limits';
import { terminalCommand } from '@/lib/terminal/schemas';
import { CLOSE, closeReason, runSession } from '@/lib/terminal/session';
import { execTarget } from '@/lib/terminal/target';
import { errorBody } from './errors';
import { clientAddress } from './request-info';

/**
 * The terminal's WebSocket, `GET /api/v1/containers/{id}/exec?cmd=sh` with `Upgrade: websocket`,
 * served from the HTTP server's 'upgrade' event (scripts/start.mjs hands it here; instrumentation.ts
 * installs it). Before the handshake: authentication (session cookie with this server's own Origin,
 * or a bearer token in `Authorization` or as the subprotocol `bearer.<token>`) and the `exec`
 * permission, else an HTTP 401/403 with the JSON envelope and no WebSocket. After it, what a browser
 * should show as a sentence (unknown or stopped container, too many sessions) is a close reason.
 */

export const SUBPROTOCOL = 'opsdeck.terminal';
const BEARER_PROTOCOL = 'bearer.';
const PATH = /^\/api\/v1\/containers\/([^/?]+)\/exec$/;

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** The request as lib/auth reads it; a subprotocol token becomes an Authorization header. */
function asRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const token = offered.find((p) => p.startsWith(BEARER_PROTOCOL));
  if (token && !headers.has('authorization'))
    headers.set('authorization', `Bearer ${token.slice(BEARER_PROTOCOL.length)}`);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, { headers });
}

function refuse(socket: Duplex, err: AppError): void {
  const body = JSON.stringify(errorBody(err.code, err.message));
  socket.end(
    `HTTP/1.1 ${err.status} ${err.code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createTerminalUpgrade(): UpgradeHandler {
  const config = env();
  const limits = new SessionLimits(
    config.OPSDECK_EXEC_MAX_SESSIONS,
    config.OPSDECK_EXEC_MAX_SESSIONS_PER_USER,
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    perMessageDeflate: false,
    // the token never comes back: the answer names our own protocol, when the client offered it
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    new Promise<import('ws').WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));

  const serve = async (req: IncomingMessage, socket: Duplex, head: Buffer, ref: string) => {
    const request = asRequest(req);
    const address = clientAddress(request);
    let principal: Principal | null = null;
    try {
      principal = await authenticate(request);
      if (!principal) throw unauthorized();
      checkUpgradeOrigin(request, principal);
      if (!canExec({ ...principal, services: null }))
        throw forbidden('Opening a terminal needs the exec permission');
    } catch (err) {
      const appErr = err instanceof AppError ? err : new AppError('internal', 'Internal error');
      if (!(err instanceof AppError)) logger().error({ err }, 'terminal upgrade failed');
      if (principal) refusalAudit(principal, address, ref, appErr);
      return refuse(socket, appErr);
    }
    const query = new URL(request.url).searchParams;
    const ws = await accept(req, socket, head);
    // Keystrokes sent at once must not be lost while the exec is being set up: held until the session reads them.
    const early: { data: Buffer; isBinary: boolean }[] = [];
    const hold = (data: Buffer, isBinary: boolean) => early.push({ data, isBinary });
    ws.on('message', hold);
    const held = () => {
      ws.off('message', hold);
      return early;
    };
    const cmd = terminalCommand(query);
    if (typeof cmd === 'string') return ws.close(CLOSE.notFound, closeReason(cmd));
    let target: Awaited<ReturnType<typeof execTarget>>;
    try {
      target = await execTarget(ref);
      if (!canExec(principal, targetOf(target.service)))
        throw forbidden('This token may not open a terminal in this service');
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', 'Internal error');
      refusalAudit(principal, address, ref, e);
      const code = e.status === 404 ? CLOSE.notFound : e.status === 409 ? CLOSE.notRunning : CLOSE.forbidden;
      return ws.close(code, closeReason(e.message));
    }
    const slot = limits.take(`${principal.kind}:${principal.id}`);
    if (typeof slot === 'string') {
      refusalAudit(principal, address, ref, new AppError('rate_limited', slot));
      return ws.close(CLOSE.tooMany, closeReason(slot));
    }
    const cols = Number(query.get('cols'));
    const rows = Number(query.get('rows'));
    const size = cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000 ? { cols, rows } : null;
    await runSession(ws, { principal, address, target, cmd, size, release: slot, held });
  };

  return (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const m = PATH.exec(path);
    if (!m) return false;
    socket.on('error', () => undefined);
    serve(req, socket, head, decodeURIComponent(m[1] as string)).catch((err) => {
      logger().error({ err }, 'terminal session failed');
      socket.destroy();
    });
    return true;
  };
}

function refusalAudit(principal: Principal, address: string, ref: string, err: AppError): void {
  appendAudit({
    actor: principal.name,
    actorKind: principal.kind,
    address,
    action: 'container.terminal',
    target: ref.slice(0, 64),
    serviceId: null,
    params: { container: ref.slice(0, 64), refused: err.message },
    result: `error:${err.status}`,
    requestId: `terminal-${Date.now()}`,
    onBehalfOf: principal.kind === 'token' ? (principal.createdBy ?? null) : null,
  });
}

/** Installed once per process (instrumentation.ts); scripts/start.mjs offers it every upgrade. */
export function installTerminalUpgrade(): void {
  const holder = globalThis as unknown as { __opsdeckUpgrade?: UpgradeHandler };
  holder.__opsdeckUpgrade ??= createTerminalUpgrade();
}
