import type { PrometheusClient, PromMatrix, PromVector } from './client';
import { escapeRegex, promString } from './expression';
import { PromQueryError } from './http';

/** The label a batch query puts on each service's series so one answer can be split per service. */
export const SERVICE_LABEL = 'opsdeck_service';

export interface BatchItem {
  /** the service id */
  key: string;
  expr: string;
}

export interface ItemResult {
  /** null when the expression returned no data (unknown, never 0) */
  value: number | null;
  /** Prometheus' message when this service's expression is bad */
  error?: string;
}

/**
 * ONE instant query for all services' expressions of a kind: each is reduced to a single series
 * tagged with its service id, and the parts are joined with `or` (their label sets never collide).
 */
export function batchQuery(items: readonly BatchItem[]): string {
  return items.map((i) => wrapExpression(i)).join(' or ');
}

function wrapExpression(item: BatchItem): string {
  return `label_replace(sum((${item.expr})), ${promString(SERVICE_LABEL)}, ${promString(item.key)}, "", "")`;
}

/** ONE query for the `up` of every job: the worst target of each job. */
export function upQuery(jobs: readonly string[]): string {
  const alternatives = [...new Set(jobs)].sort().map(escapeRegex).join('|');
  return `min by (job) (up{job=~${promString(alternatives)}})`;
}

export function vectorByLabel(vector: PromVector, label: string): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const s of vector) {
    const key = s.metric[label];
    if (key === undefined) continue;
    const n = Number(s.value[1]);
    out.set(key, Number.isFinite(n) ? n : null);
  }
  return out;
}

export function matrixByLabel(matrix: PromMatrix, label: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const s of matrix) {
    const key = s.metric[label];
    if (key === undefined) continue;
    const points: [number, number][] = [];
    for (const [t, v] of s.values) {
      const n = Number(v);
      if (Number.isFinite(n)) points.push([t, n]);
    }
    out.set(key, points);
  }
  return out;
}

const BAD_TTL_MS = 5 * 60_000;
const GOOD_TTL_MS = 60 * 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * What Prometheus said about individual expressions, by expression text, so a bad one is checked
 * once and then left out of batches (retried after a while: a 422 can depend on the data).
 */
export class ExpressionVerdicts {
  private readonly bad = new Map<string, { message: string; until: number }>();
  private readonly good = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  badMessage(expr: string): string | undefined {
    const v = this.bad.get(expr);
    if (!v) return undefined;
    if (v.until < this.now()) {
      this.bad.delete(expr);
      return undefined;
    }
    return v.message;
  }

  isKnownGood(expr: string): boolean {
    const until = this.good.get(expr);
    return until !== undefined && until >= this.now();
  }

  markBad(expr: string, message: string): void {
    if (this.bad.size >= MAX_REMEMBERED) this.bad.clear();
    this.good.delete(expr);
    this.bad.set(expr, { message, until: this.now() + BAD_TTL_MS });
  }

  markGood(expr: string): void {
    if (this.good.size >= MAX_REMEMBERED) this.good.clear();
    this.good.set(expr, this.now() + GOOD_TTL_MS);
  }
}

/**
 * Runs one kind of batch. When Prometheus refuses the batch, each expression not yet judged is tried
 * alone once, the bad ones are remembered and reported on their service, and the batch is re-run
 * without them: one service's broken label never blanks everyone else's data.
 * Throws PromUnavailableError when Prometheus does not answer.
 */
export async function runBatch(
  client: PrometheusClient,
  items: readonly BatchItem[],
  verdicts: ExpressionVerdicts,
): Promise<{ results: Map<string, ItemResult>; warnings: string[] }> {
  const results = new Map<string, ItemResult>();
  const warnings: string[] = [];
  let runnable = excludeBad(items, verdicts, results);
  for (let attempt = 0; attempt < 2 && runnable.length > 0; attempt++) {
    try {
      const r = await client.query(batchQuery(runnable));
      warnings.push(...r.warnings);
      const values = vectorByLabel(r.data, SERVICE_LABEL);
      for (const item of runnable) {
        verdicts.markGood(item.expr);
        results.set(item.key, { value: values.get(item.key) ?? null });
      }
      return { results, warnings };
    } catch (err) {
      if (!(err instanceof PromQueryError)) throw err;
      if (attempt === 1) {
        for (const item of runnable) results.set(item.key, { value: null, error: err.message });
        return { results, warnings };
      }
      await judgeEach(client, runnable, verdicts);
      runnable = excludeBad(runnable, verdicts, results);
    }
  }
  return { results, warnings };
}

function excludeBad(
  items: readonly BatchItem[],
  verdicts: ExpressionVerdicts,
  results: Map<string, ItemResult>,
) {
  const ok: BatchItem[] = [];
  for (const item of items) {
    const message = verdicts.badMessage(item.expr);
    if (message === undefined) ok.push(item);
    else results.set(item.key, { value: null, error: message });
  }
  return ok;
}

async function judgeEach(
  client: PrometheusClient,
  items: readonly BatchItem[],
  verdicts: ExpressionVerdicts,
) {
  const unjudged = [...new Set(items.map((i) => i.expr))].filter((e) => !verdicts.isKnownGood(e));
  for (const expr of unjudged) {
    try {
      await client.query(wrapExpression({ key: 'probe', expr }));
      verdicts.markGood(expr);
    } catch (err) {
      if (!(err instanceof PromQueryError)) throw err;
      verdicts.markBad(expr, err.message);
    }
  }
  // Every expression passed alone yet the batch failed (e.g. a size limit): nothing is marked, and
  // the caller's second attempt reports the batch's own error on each service.
}
