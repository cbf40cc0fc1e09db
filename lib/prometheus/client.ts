import { z } from 'zod';
import { env } from '@/lib/config/env';
import { PromQueryError, PromUnavailableError, upstreamFetch } from './http';

export { PromQueryError, PromUnavailableError } from './http';

const labelsSchema = z.record(z.string(), z.string());
const sampleSchema = z.tuple([z.number(), z.string()]);

const vectorSchema = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labelsSchema, value: sampleSchema })),
});
const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labelsSchema, values: z.array(sampleSchema) })),
});
const scalarSchema = z.object({ resultType: z.enum(['scalar', 'string']), result: sampleSchema });
const instantDataSchema = z.union([vectorSchema, scalarSchema]);

const promAlertSchema = z.object({
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  state: z.enum(['firing', 'pending', 'inactive']),
  activeAt: z.string().optional(),
  value: z.string().optional(),
});
const alertsDataSchema = z.object({ alerts: z.array(promAlertSchema) });

const ruleSchema = z.object({
  name: z.string(),
  query: z.string(),
  type: z.enum(['alerting', 'recording']),
  health: z.string().optional(),
  lastError: z.string().optional(),
  labels: labelsSchema.optional(),
  annotations: labelsSchema.optional(),
  duration: z.number().optional(),
});
const rulesDataSchema = z.object({
  groups: z.array(z.object({ name: z.string(), file: z.string(), rules: z.array(ruleSchema) })),
});

const targetsDataSchema = z.object({
  activeTargets: z.array(
    z.object({
      labels: labelsSchema,
      scrapePool: z.string().optional(),
      scrapeUrl: z.string(),
      health: z.enum(['up', 'down', 'unknown']),
      lastError: z.string(),
      lastScrape: z.string(),
    }),
  ),
});

export type PromLabels = z.infer<typeof labelsSchema>;
export type PromVector = z.infer<typeof vectorSchema>['result'];
export type PromMatrix = z.infer<typeof matrixSchema>['result'];
export type PromAlert = z.infer<typeof promAlertSchema>;
export type PromRuleGroup = z.infer<typeof rulesDataSchema>['groups'][number];
export type PromTarget = z.infer<typeof targetsDataSchema>['activeTargets'][number];

/** Every answer carries Prometheus' warnings (e.g. partial data), so callers can surface them. */
export interface PromResult<T> {
  data: T;
  warnings: string[];
}

const envelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

/** A typed client for Prometheus' HTTP API. Queries go by POST form, so long batches fit. */
export class PrometheusClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs?: number,
  ) {}

  /** An instant query; scalars come back as a one-sample vector without labels. */
  async query(promql: string, time?: Date): Promise<PromResult<PromVector>> {
    const form: Record<string, string> = { query: promql };
    if (time) form.time = String(time.getTime() / 1000);
    const r = await this.call('/api/v1/query', 'query', instantDataSchema, form);
    const data = r.data.resultType === 'vector' ? r.data.result : [{ metric: {}, value: r.data.result }];
    return { data, warnings: r.warnings };
  }

  async queryRange(promql: string, range: { start: Date; end: Date; stepSeconds: number }) {
    const form = {
      query: promql,
      start: String(range.start.getTime() / 1000),
      end: String(range.end.getTime() / 1000),
      step: String(range.stepSeconds),
    };
    const r = await this.call('/api/v1/query_range', 'query_range', matrixSchema, form);
    return { data: r.data.result, warnings: r.warnings };
  }

  async alerts(): Promise<PromResult<PromAlert[]>> {
    const r = await this.call('/api/v1/alerts', 'alerts', alertsDataSchema);
    return { data: r.data.alerts, warnings: r.warnings };
  }

  async rules(): Promise<PromResult<PromRuleGroup[]>> {
    const r = await this.call('/api/v1/rules', 'rules', rulesDataSchema);
    return { data: r.data.groups, warnings: r.warnings };
  }

  async targets(): Promise<PromResult<PromTarget[]>> {
    const r = await this.call('/api/v1/targets?state=active', 'targets', targetsDataSchema);
    return { data: r.data.activeTargets, warnings: r.warnings };
  }

  private async call<S extends z.ZodType>(
    path: string,
    endpoint: string,
    schema: S,
    form?: Record<string, string>,
  ): Promise<PromResult<z.infer<S>>> {
    const res = await upstreamFetch({
      upstream: 'prometheus',
      baseUrl: this.baseUrl,
      path,
      endpoint,
      form,
      timeoutMs: this.timeoutMs,
    });
    const envelope = envelopeSchema.safeParse(res.body);
    if (!envelope.success) {
      throw new PromUnavailableError('prometheus', `prometheus: unexpected answer (HTTP ${res.status})`);
    }
    const e = envelope.data;
    if (e.status === 'error') {
      const message = e.error ?? `HTTP ${res.status}`;
      if (res.status === 400 || res.status === 422) {
        throw new PromQueryError(message, e.errorType ?? 'bad_data', res.status);
      }
      throw new PromUnavailableError('prometheus', `prometheus: ${message}`);
    }
    const data = schema.safeParse(e.data);
    if (!data.success) {
      throw new PromUnavailableError('prometheus', `prometheus: unexpected ${endpoint} data`);
    }
    return { data: data.data, warnings: e.warnings ?? [] };
  }
}

/** The configured Prometheus, or null when PROMETHEUS_URL is unset ("not configured", not "no data"). */
export function prometheusClient(): PrometheusClient | null {
  const url = env().PROMETHEUS_URL;
  return url ? new PrometheusClient(url) : null;
}

/** A sample value as a number; NaN and ±Inf (valid in Prometheus) become null rather than lies. */
export function sampleValue(sample: readonly [number, string]): number | null {
  const n = Number(sample[1]);
  return Number.isFinite(n) ? n : null;
}
