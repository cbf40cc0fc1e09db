import pino from 'pino';

const holder = globalThis as unknown as { __opsdeckLogger?: pino.Logger };

/** The process logger: JSON lines on stdout. Level from LOG_LEVEL (read directly: the logger must work before env validation). */
export function logger(): pino.Logger {
  holder.__opsdeckLogger ??= pino({
    level: process.env.LOG_LEVEL ?? 'info',
    base: { app: 'opsdeck' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'headers.cookie'],
      censor: '[redacted]',
    },
  });
  return holder.__opsdeckLogger;
}
