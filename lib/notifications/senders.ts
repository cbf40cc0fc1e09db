import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { StoredChannel } from './channels';

export interface Notice {
  event: string;
  service: string | null;
  serviceId: string | null;
  summary: string;
  severity: string;
  at: string;
}

export interface Delivery {
  ok: boolean;
  detail: string;
  ms: number;
}

const TIMEOUT_MS = 5000;
export const SIGNATURE_HEADER = 'x-opsdeck-signature';

/** One line per notice, for Slack and e-mail. Summaries are untrusted text; they go out as plain text. */
export function plainText(notices: Notice[]): string {
  return notices
    .map((n) => `[${n.event}] ${n.service ? `${n.service}: ` : ''}${n.summary} (${n.at})`)
    .join('\n');
}

/** `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with the shared secret. */
export function signature(secret: string, body: string, t: number): string {
  return `t=${t},sha256=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Webhook URLs are admin input, but a mistaken (or stolen admin) URL must not reach the cloud
 * metadata service: link-local literals are refused; redirects are never followed.
 */
function refusedTarget(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 4 && host.startsWith('169.254.')) return 'link-local addresses are refused';
  if (isIP(host) === 6 && /^fe[89ab]/i.test(host)) return 'link-local addresses are refused';
  return null;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const refused = refusedTarget(url);
  if (refused) throw new Error(refused);
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'user-agent': 'opsdeck', ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`answered ${res.status}`);
  return `answered ${res.status}`;
}

async function sendEmail(c: Extract<StoredChannel, { type: 'email' }>, notices: Notice[]): Promise<string> {
  const url = new URL(c.url);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    auth: c.username ? { user: c.username, pass: c.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const first = notices[0];
    const subject =
      notices.length === 1 && first
        ? `[opsdeck] ${first.event}${first.service ? ` ${first.service}` : ''}`
        : `[opsdeck] ${notices.length} events`;
    const info = await transport.sendMail({ from: c.from, to: c.to, subject, text: plainText(notices) });
    return `accepted by ${url.hostname} (${info.accepted.length} recipient${info.accepted.length === 1 ? '' : 's'})`;
  } finally {
    transport.close();
  }
}

/** One attempt to deliver notices on a channel; never throws. */
export async function deliver(c: StoredChannel, notices: Notice[]): Promise<Delivery> {
  const started = performance.now();
  try {
    let detail: string;
    if (c.type === 'webhook') {
      const body = JSON.stringify({ source: 'opsdeck', channel: c.name, notifications: notices });
      const headers: Record<string, string> = { 'x-opsdeck-event': notices.map((n) => n.event).join(',') };
      if (c.secret) headers[SIGNATURE_HEADER] = signature(c.secret, body, Math.floor(Date.now() / 1000));
      detail = await post(c.url, body, headers);
    } else if (c.type === 'slack') {
      detail = await post(c.url, JSON.stringify({ text: plainText(notices) }), {});
    } else detail = await sendEmail(c, notices);
    return { ok: true, detail, ms: performance.now() - started };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const msg =
      err instanceof Error
        ? err.name === 'TimeoutError'
          ? `timed out after ${TIMEOUT_MS} ms`
          : err.message
        : String(err);
    return { ok: false, detail: cause ? `${msg} (${cause})` : msg, ms: performance.now() - started };
  }
}
