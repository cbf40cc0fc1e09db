/**
 * Ordering and bounding of line batches. Sources are async iterables of batches (one batch per socket
 * chunk) so hundreds of thousands of lines do not cost one promise each.
 */

interface Timed {
  ts: string;
}

interface Cursor<T> {
  iterator: AsyncIterator<T[]>;
  batch: T[];
  at: number;
  done: boolean;
}

const OUT_BATCH = 1000;

/** How many of a source's newest lines wait for a later one that may sort before them. */
const REORDER_LINES = 64;

/**
 * One container's lines in time order. The engine copies a container's stdout and stderr through two
 * copiers, each stamping a line when it reads it, into one log: so a line can be written after one
 * stamped a few microseconds later on the other stream. Those inversions span a few lines, so the
 * newest REORDER_LINES wait for the next batch (or the end) and every batch is put in order with them;
 * an already ordered batch (the usual case) is only scanned. A line without a timestamp keeps the
 * time of the line before it, as in the merge.
 */
export async function* inTimeOrder<T extends Timed>(source: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let held: { line: T; key: string }[] = [];
  let lastKey = '';
  for await (const batch of source) {
    for (const line of batch) {
      lastKey = line.ts || lastKey;
      held.push({ line, key: lastKey });
    }
    if (!sortedByKey(held)) held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (held.length <= REORDER_LINES) continue;
    const out = held.slice(0, held.length - REORDER_LINES).map((h) => h.line);
    held = held.slice(held.length - REORDER_LINES);
    yield out;
  }
  if (held.length > 0) yield held.map((h) => h.line);
}

function sortedByKey(items: { key: string }[]): boolean {
  for (let i = 1; i < items.length; i++) if ((items[i]?.key ?? '') < (items[i - 1]?.key ?? '')) return false;
  return true;
}

/**
 * k-way merge of sources that are each in time order, into one stream in time order. A line without a
 * timestamp sorts with the line before it from the same source. Equal times keep source order.
 */
export async function* mergeByTime<T extends Timed>(sources: AsyncIterable<T[]>[]): AsyncGenerator<T[]> {
  if (sources.length === 1 && sources[0]) {
    yield* sources[0];
    return;
  }
  const cursors: Cursor<T>[] = sources.map((s) => ({
    iterator: s[Symbol.asyncIterator](),
    batch: [],
    at: 0,
    done: false,
  }));
  const lastTs = new Map<Cursor<T>, string>();
  const refill = async (c: Cursor<T>) => {
    while (!c.done && c.at >= c.batch.length) {
      const r = await c.iterator.next();
      if (r.done) c.done = true;
      else {
        c.batch = r.value;
        c.at = 0;
      }
    }
  };
  try {
    await Promise.all(cursors.map(refill));
    let out: T[] = [];
    for (;;) {
      let best: Cursor<T> | null = null;
      let bestTs = '';
      for (const c of cursors) {
        const line = c.batch[c.at];
        if (c.done || !line) continue;
        const ts = line.ts || lastTs.get(c) || '';
        if (best === null || ts < bestTs) {
          best = c;
          bestTs = ts;
        }
      }
      if (best === null) break;
      const line = best.batch[best.at++];
      if (line) {
        out.push(line);
        if (line.ts) lastTs.set(best, line.ts);
      }
      if (best.at >= best.batch.length) {
        if (out.length > 0) {
          yield out;
          out = [];
        }
        await refill(best);
      } else if (out.length >= OUT_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.allSettled(cursors.map((c) => c.iterator.return?.()));
  }
}

/** Keeps only the last `n` items of a stream (a ring), yielded once the stream ends. */
export async function* lastItems<T>(source: AsyncIterable<T[]>, n: number): AsyncGenerator<T[]> {
  if (n <= 0) return;
  const ring: T[] = new Array(n);
  let count = 0;
  for await (const batch of source) {
    for (const item of batch) {
      ring[count % n] = item;
      count++;
    }
  }
  const kept = Math.min(count, n);
  const start = count - kept;
  const out: T[] = [];
  for (let i = start; i < count; i++) {
    const item = ring[i % n];
    if (item !== undefined) out.push(item);
    if (out.length >= OUT_BATCH) yield out.splice(0);
  }
  if (out.length > 0) yield out;
}

/** Applies a per-item map that may drop items (returns null), batch by batch. */
export async function* mapBatches<T, U>(
  source: AsyncIterable<T[]>,
  fn: (item: T) => U | null,
): AsyncGenerator<U[]> {
  for await (const batch of source) {
    const out: U[] = [];
    for (const item of batch) {
      const mapped = fn(item);
      if (mapped !== null) out.push(mapped);
    }
    if (out.length > 0) yield out;
  }
}
