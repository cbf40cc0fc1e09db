/** What a cached read returns: the data and when it was fetched, so callers can show its age. */
export interface Fetched<T> {
  data: T;
  fetchedAt: Date;
  /** true when the last refresh failed and this is older data served instead */
  stale: boolean;
  /** the last refresh's error, when stale */
  error?: string;
}

export interface TtlCacheOptions {
  ttlMs: number;
  /** How long stale data may still be served after refreshes start failing. */
  staleIfErrorMs: number;
  now?: () => number;
}

interface Entry<T> {
  value?: { data: T; fetchedAt: number };
  inflight?: Promise<Fetched<T>>;
  lastError?: string;
}

/**
 * TTL cache with single-flight (concurrent callers share one fetch) and stale-if-error
 * (a failed refresh serves the last good value, marked stale, within a bound).
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly opts: TtlCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  async get(key: string, load: () => Promise<T>): Promise<Fetched<T>> {
    const entry = this.entries.get(key) ?? {};
    this.entries.set(key, entry);
    const value = entry.value;
    if (value && this.now() - value.fetchedAt < this.opts.ttlMs) {
      return { data: value.data, fetchedAt: new Date(value.fetchedAt), stale: false };
    }
    entry.inflight ??= this.refresh(entry, load).finally(() => {
      entry.inflight = undefined;
    });
    return entry.inflight;
  }

  /** The last good value without fetching, if any. */
  peek(key: string): { data: T; fetchedAt: Date } | undefined {
    const v = this.entries.get(key)?.value;
    return v ? { data: v.data, fetchedAt: new Date(v.fetchedAt) } : undefined;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private async refresh(entry: Entry<T>, load: () => Promise<T>): Promise<Fetched<T>> {
    try {
      const data = await load();
      const fetchedAt = this.now();
      entry.value = { data, fetchedAt };
      entry.lastError = undefined;
      return { data, fetchedAt: new Date(fetchedAt), stale: false };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      entry.lastError = message;
      const value = entry.value;
      if (value && this.now() - value.fetchedAt < this.opts.staleIfErrorMs) {
        return { data: value.data, fetchedAt: new Date(value.fetchedAt), stale: true, error: message };
      }
      throw err;
    }
  }
}
