/**
 * Security headers and the Content-Security-Policy, built here (no `next/*`) and applied by proxy.ts.
 * Scripts: only ours, via a per-request nonce plus 'strict-dynamic' — no inline script runs.
 * Styles allow inline attributes (React `style={}`); style cannot run code.
 */
export interface CspOptions {
  nonce: string;
  dev: boolean;
  /** for `/wall`: origins allowed to frame it; empty means none */
  frameAncestors: readonly string[];
}

export function pageCsp({ nonce, dev, frameAncestors }: CspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/** JSON and event streams never render: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * OPSDECK_WALL_FRAME_ANCESTORS: space- or comma-separated origins (`https://tv.example.com`) or
 * `'self'`. Anything else is dropped, so the variable cannot smuggle other CSP directives in.
 */
export function parseFrameAncestors(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s === "'self'" || s === 'self' || /^https?:\/\/[A-Za-z0-9.*-]+(:\d{1,5})?$/.test(s))
    .map((s) => (s === 'self' ? "'self'" : s));
}

/** A display token as it may appear in `/wall?token=`; anything else is not worth a cookie. */
export const WALL_TOKEN_PATTERN = /^opsdeck_[A-Za-z0-9_-]{20,200}$/;

/** Where to go after login: a same-origin path only (never `//host` or `/\host`), default `/`. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  return next;
}
