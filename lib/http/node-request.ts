import type { IncomingMessage } from 'node:http';

/**
 * A bodiless GET as `handle` (lib/http/route.ts) and the hot handlers read it, over the head Node has
 * already parsed: method, url, headers (get / has / forEach), no body, a signal that never aborts.
 * The front door hands this to `handle` for the hot operations instead of building a web `Request`
 * (headers copied into a `Headers`, URL parsed, an `AbortSignal` made transferable), which cost about
 * a tenth of a hot request's CPU (bench/throughput.mjs profile, docs/benchmarks.md).
 *
 * Headers are read from `rawHeaders`, the very list Next copies into the `Request` it builds, and
 * repeated headers are joined as `Headers.append` joins them (", "; "; " for Cookie): a request sent twice with
 * `Authorization` is refused on both paths alike (Node's `req.headers` would keep only the first).
 */
export class NodeHeaders {
  constructor(private readonly raw: readonly string[]) {}

  get(name: string): string | null {
    const want = name.toLowerCase();
    const raw = this.raw;
    const glue = want === 'cookie' ? '; ' : ', ';
    let out: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const n = raw[i] as string;
      if (n.length !== want.length || n.toLowerCase() !== want) continue;
      const v = (raw[i + 1] as string).trim();
      out = out === null ? v : `${out}${glue}${v}`;
    }
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  forEach(cb: (value: string, name: string) => void): void {
    const seen = new Set<string>();
    for (let i = 0; i < this.raw.length; i += 2) {
      const n = (this.raw[i] as string).toLowerCase();
      if (seen.has(n)) continue;
      seen.add(n);
      cb(this.get(n) as string, n);
    }
  }
}

const NEVER = new AbortController().signal;

class NodeRequestView {
  readonly headers: NodeHeaders;
  readonly body = null;
  readonly signal = NEVER;
  readonly method: string;
  private readonly req: IncomingMessage;

  constructor(req: IncomingMessage) {
    this.req = req;
    this.method = req.method ?? 'GET';
    this.headers = new NodeHeaders(req.rawHeaders);
  }

  /** Absolute, as a web Request's: built only when read (a query schema, a redirect). */
  get url(): string {
    return `http://${this.req.headers.host ?? 'localhost'}${this.req.url ?? '/'}`;
  }
}

/**
 * The view as the `Request` type `handle` is declared with. Only for operations that read no body and
 * stream nothing (the front door's hot GETs): what else a Request offers is not there.
 */
export function nodeRequest(req: IncomingMessage): Request {
  return new NodeRequestView(req) as unknown as Request;
}

/** Whether `request` is the front door's view (its answer's bytes are written from rawBodyOf). */
export function isFrontDoorRequest(request: Request): boolean {
  return (request as unknown) instanceof NodeRequestView;
}
