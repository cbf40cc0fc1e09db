import { createDemuxer } from './demux';
import type { ContainerHandle } from './engine';

/**
 * A command run to completion in a running container (exec without a TTY), its output demultiplexed
 * and kept up to a cap: backups' pre-commands and the API's one-shot command both run through here.
 */

export interface CommandResult {
  exitCode: number;
  output: string;
}

/** Collects demultiplexed output up to `maxBytes`, noting what was cut. */
export class OutputCapture {
  private chunks: Buffer[] = [];
  private size = 0;
  private cut = 0;
  private readonly demux;
  constructor(
    tty: boolean,
    private readonly maxBytes: number,
  ) {
    this.demux = createDemuxer({ tty }, (_stream, payload) => this.add(payload));
  }
  push(chunk: Buffer): void {
    this.demux.push(chunk);
  }
  private add(payload: Buffer): void {
    const room = this.maxBytes - this.size;
    if (room > 0) {
      const piece = payload.subarray(0, room);
      this.chunks.push(piece);
      this.size += piece.length;
    }
    this.cut += Math.max(0, payload.length - Math.max(0, room));
  }
  /** bytes of output that did not fit */
  get dropped(): number {
    return this.cut;
  }
  text(): string {
    this.demux.end();
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.cut > 0 ? `${text}\n[… ${this.cut} more bytes not kept]` : text;
  }
}

export class ExecTimeout extends Error {
  override name = 'ExecTimeout';
  constructor(
    message: string,
    /** what the command printed until then */
    readonly output: string,
  ) {
    super(message);
  }
}

/** Runs `cmd` in a running container up to timeoutMs; the exit code and the (capped) output. */
export async function runExec(
  container: ContainerHandle,
  cmd: string[],
  options: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<CommandResult> {
  const exec = await container.exec(cmd);
  const stream = await exec.start();
  const capture = new OutputCapture(false, options.maxBytes);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new ExecTimeout(`timed out after ${Math.round(options.timeoutMs / 1000)} s`, capture.text()));
    }, options.timeoutMs);
    const abort = () => {
      clearTimeout(timer);
      stream.destroy();
      reject(new Error('cancelled'));
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    stream.on('data', (chunk: Buffer) => capture.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      resolve();
    });
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: capture.text() };
}
