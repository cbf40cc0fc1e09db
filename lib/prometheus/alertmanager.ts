import { RE2JS } from 're2js';
import { z } from 'zod';
import { env } from '@/lib/config/env';
import { AlertmanagerRejectedError, PromUnavailableError, upstreamFetch } from './http';
import { type Matcher, type Silence, silenceSchema } from './schemas';

export { AlertmanagerRejectedError } from './http';
export type { Matcher, Silence } from './schemas';

const labelsSchema = z.record(z.string(), z.string());

const amAlertSchema = z.object({
  fingerprint: z.string(),
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
  }),
});
export type AmAlert = z.infer<typeof amAlertSchema>;

const statusSchema = z.object({
  cluster: z.object({ status: z.string() }).loose().optional(),
  versionInfo: z.record(z.string(), z.string()).optional(),
  uptime: z.string().optional(),
});

export interface NewSilence {
  matchers: Matcher[];
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  comment: string;
}

/** A typed client for Alertmanager's v2 API. */
export class AlertmanagerClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs?: number,
  ) {}

  alerts(): Promise<AmAlert[]> {
    return this.call({ path: '/api/v2/alerts', endpoint: 'am_alerts' }, z.array(amAlertSchema));
  }

  silences(): Promise<Silence[]> {
    return this.call({ path: '/api/v2/silences', endpoint: 'am_silences' }, z.array(silenceSchema));
  }

  status(): Promise<z.infer<typeof statusSchema>> {
    return this.call({ path: '/api/v2/status', endpoint: 'am_status' }, statusSchema);
  }

  async createSilence(s: NewSilence): Promise<string> {
    const body = {
      matchers: s.matchers,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      createdBy: s.createdBy,
      comment: s.comment,
    };
    const r = await this.call(
      { path: '/api/v2/silences', endpoint: 'am_silence_create', method: 'POST', json: body },
      z.object({ silenceID: z.string() }),
    );
    return r.silenceID;
  }

  async expireSilence(id: string): Promise<void> {
    await this.call(
      { path: `/api/v2/silence/${encodeURIComponent(id)}`, endpoint: 'am_silence_expire', method: 'DELETE' },
      z.unknown(),
    );
  }

  private async call<S extends z.ZodType>(
    req: { path: string; endpoint: string; method?: 'GET' | 'POST' | 'DELETE'; json?: unknown },
    schema: S,
  ): Promise<z.infer<S>> {
    const res = await upstreamFetch({
      upstream: 'alertmanager',
      baseUrl: this.baseUrl,
      timeoutMs: this.timeoutMs,
      ...req,
    });
    if (res.status >= 400 && res.status < 500) {
      // Alertmanager answers 4xx with a JSON string or plain text saying what is wrong.
      const message = typeof res.body === 'string' ? res.body : res.text.trim() || `HTTP ${res.status}`;
      throw new AlertmanagerRejectedError(message.slice(0, 500), res.status);
    }
    // Alertmanager 0.25 answers 500 for a missing or already expired silence: a caller's mistake, not an outage.
    if (res.status === 500 && typeof res.body === 'string') {
      if (/not found/i.test(res.body)) throw new AlertmanagerRejectedError(res.body, 404);
      if (/expired/i.test(res.body)) throw new AlertmanagerRejectedError(res.body, 409);
    }
    if (res.status >= 300) throw new PromUnavailableError('alertmanager', `alertmanager: HTTP ${res.status}`);
    const parsed = schema.safeParse(res.body);
    if (!parsed.success)
      throw new PromUnavailableError('alertmanager', `alertmanager: unexpected ${req.endpoint} answer`);
    return parsed.data;
  }
}

/** The configured Alertmanager, or null when ALERTMANAGER_URL is unset. */
export function alertmanagerClient(): AlertmanagerClient | null {
  const url = env().ALERTMANAGER_URL;
  return url ? new AlertmanagerClient(url) : null;
}

/**
 * A silence's regex as Alertmanager runs it: RE2 (Go's regexp, here re2js), anchored at both ends.
 * Never the JS engine: silences and the label values they meet (container labels among them) are
 * not ours, and a backtracking regex like `(a+)+b` would stall the one event loop. null: invalid.
 */
export function silenceRegex(value: string): RE2JS | null {
  try {
    return RE2JS.compile(`^(?:${value})$`);
  } catch {
    return null;
  }
}

/** Whether a silence's matchers select these labels (Alertmanager's semantics: anchored regexes). */
export function silenceMatches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? '';
    let hit: boolean;
    if (m.isRegex) {
      const re = silenceRegex(m.value);
      if (!re) return false;
      hit = re.matcher(value).matches();
    } else {
      hit = value === m.value;
    }
    return m.isEqual ? hit : !hit;
  });
}
