import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { appendAudit } from '@/lib/audit/append';
import type { Principal } from '@/lib/auth/types';
import { env } from '@/lib/config/env';
import { engine, type TerminalExecHandle } from '@/lib/docker/engine';
import { logger } from '@/lib/log/logger';
import { controlMessage } from './schemas';
import type { ExecTarget } from './target';
import { engineStatus } from './target';
import { Transcript } from './transcript';

/**
 * One browser terminal: a TTY exec in a container, bridged to a WebSocket. Binary frames carry the
 * terminal's bytes both ways; a text frame from the browser is a control message (resize). The
 * session ends when the shell exits, the container stops, the browser goes, or nothing happened
 * for OPSDECK_EXEC_IDLE_SECONDS, and says which in the terminal and in the close reason. It is
 * audited when it opens and when it ends (how long, and — unless OPSDECK_EXEC_RECORD=0 — what was typed).
 */

/** WebSocket close codes a terminal ends with besides 1000 (the shell exited). */
export const CLOSE = {
  idle: 4001,
  containerStopped: 4002,
  forbidden: 4403,
  notFound: 4404,
  notRunning: 4409,
  tooMany: 4429,
  engine: 4502,
} as const;

export interface SessionInput {
  principal: Principal;
  address: string;
  target: ExecTarget;
  cmd: string[];
  size: { cols: number; rows: number } | null;
  /** frees the session's slot (limits.ts) */
  release: () => void;
  /** what the browser sent while the exec was being set up (stops holding more) */
  held: () => { data: Buffer; isBinary: boolean }[];
}

type Stream = NodeJS.ReadWriteStream & { destroy(): void; end(): void };

const TERMINAL_ENV = ['TERM=xterm-256color', 'LANG=C.UTF-8'];
/** Output waiting in the WebSocket beyond this pauses the container's side until it drains. */
const MAX_BUFFERED = 1 << 20;

/** A close reason fits 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

const note = (text: string) => Buffer.from(`\r\n\x1b[33m[opsdeck] ${text}\x1b[0m\r\n`);

export async function runSession(ws: WebSocket, input: SessionInput): Promise<void> {
  const config = env();
  const { principal, target } = input;
  const id = randomUUID();
  const started = Date.now();
  const transcript =
    config.OPSDECK_EXEC_RECORD === '1' ? new Transcript(config.OPSDECK_EXEC_TRANSCRIPT_MAX_BYTES) : null;
  const audit = (action: string, result: string, extra: Record<string, unknown>) =>
    appendAudit({
      actor: principal.name,
      actorKind: principal.kind,
      address: input.address,
      action,
      target: `${target.service.stack}/${target.service.name}`,
      serviceId: target.service.id,
      params: {
        session: id,
        container: target.container.id,
        replica: target.container.name,
        cmd: input.cmd,
        ...extra,
      },
      result,
      requestId: id,
      onBehalfOf: principal.kind === 'token' ? (principal.createdBy ?? null) : null,
    });

  let exec: TerminalExecHandle;
  let stream: Stream;
  try {
    exec = await engine(target.service.host)
      .container(target.container.id)
      .execTerminal(input.cmd, TERMINAL_ENV);
    stream = await exec.start();
  } catch (err) {
    input.release();
    const status = engineStatus(err);
    const [code, why] =
      status === 409 || status === 404
        ? [CLOSE.notRunning, 'The container is not running']
        : status === 403
          ? [CLOSE.forbidden, 'Refused by the socket proxy']
          : [CLOSE.engine, 'The engine could not start the command'];
    audit('container.terminal', `error:${status ?? 502}`, { error: (err as Error).message.slice(0, 300) });
    ws.close(code, why);
    return;
  }
  audit('container.terminal.open', 'ok', {});

  let lastActivity = Date.now();
  let done = false;
  const idleMs = config.OPSDECK_EXEC_IDLE_SECONDS * 1000;
  const idleCheck = setInterval(
    () => {
      if (Date.now() - lastActivity >= idleMs)
        void finish(
          'idle',
          CLOSE.idle,
          `Closed after ${config.OPSDECK_EXEC_IDLE_SECONDS} s without activity`,
        );
    },
    Math.min(5000, Math.max(250, idleMs / 4)),
  );
  idleCheck.unref();

  const finish = async (reason: string, code: number, message: string) => {
    if (done) return;
    done = true;
    clearInterval(idleCheck);
    stream.end();
    stream.destroy();
    if (ws.readyState === ws.OPEN) {
      ws.send(note(message));
      ws.close(code, closeReason(message));
    }
    input.release();
    const kept = transcript?.result();
    audit('container.terminal', 'ok', {
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 100) / 10,
      ended: reason,
      recorded: transcript !== null,
      ...(kept ? { transcript: kept.text, transcriptDroppedChars: kept.droppedChars } : {}),
    });
  };

  /**
   * Why the exec's stream ended: the container stopped under us, or the command exited. A stop kills
   * the command before the engine shows the container stopped, so a command killed by a signal (exit
   * code above 128, or none) waits a moment for the container's state.
   */
  const ended = async () => {
    if (done) return;
    const container = engine(target.service.host).container(target.container.id);
    const stopped = async () => {
      const c = (await container.inspect()) as { State?: { Running?: boolean; Status?: string } };
      return c.State?.Running ? null : (c.State?.Status ?? 'gone');
    };
    try {
      let state = await stopped();
      const code = state ? null : (await exec.inspect()).ExitCode;
      for (let i = 0; !state && (code === null || code > 128) && i < 10; i++) {
        await new Promise((r) => setTimeout(r, 300));
        state = await stopped();
      }
      if (state)
        return finish(
          'container-stopped',
          CLOSE.containerStopped,
          `The container stopped (${state}): the session is over`,
        );
      // 126/127: the shell asked for (bash in a busybox image) is not in the container
      const hint = code === 127 || code === 126 ? ': not found or not runnable in this container' : '';
      return finish('exited', 1000, `The command exited (code ${code ?? '?'}${hint})`);
    } catch {
      return finish(
        'container-stopped',
        CLOSE.containerStopped,
        'The container is gone: the session is over',
      );
    }
  };

  let pending = 0;
  stream.on('data', (chunk: Buffer) => {
    lastActivity = Date.now();
    pending++;
    ws.send(chunk, { binary: true }, () => {
      pending--;
      if (stream.isPaused() && ws.bufferedAmount < MAX_BUFFERED) stream.resume();
    });
    if (ws.bufferedAmount >= MAX_BUFFERED && pending > 0) stream.pause();
  });
  stream.on('end', () => void ended());
  stream.on('close', () => void ended());
  stream.on('error', (err: Error) => logger().debug({ err, session: id }, 'terminal stream error'));

  const resize = (cols: number, rows: number) =>
    exec.resize(cols, rows).catch((err) => logger().debug({ err, session: id }, 'terminal resize failed'));
  if (input.size) void resize(input.size.cols, input.size.rows);

  const onMessage = (data: Buffer, isBinary: boolean) => {
    lastActivity = Date.now();
    if (isBinary) {
      transcript?.push(data);
      stream.write(data);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    const msg = controlMessage.safeParse(parsed);
    if (msg.success) void resize(msg.data.cols, msg.data.rows);
  };
  for (const m of input.held()) onMessage(m.data, m.isBinary);
  ws.on('message', onMessage);
  ws.on('close', () => void finish('closed', 1000, 'The browser closed the terminal'));
  ws.on('error', () => void finish('closed', 1000, 'The connection failed'));
  // the browser may have gone while the exec was being set up
  if (ws.readyState !== ws.OPEN) void finish('closed', 1000, 'The browser closed the terminal');
}
