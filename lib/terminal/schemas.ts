import { z } from 'zod';

/** An argv: one to 64 words, none empty, no NUL (the engine would cut there). */
const argv = z
  .array(
    z
      .string()
      .min(1)
      .max(4096)
      .refine((w) => !w.includes('\0'), 'no NUL bytes'),
  )
  .min(1)
  .max(64);

/** `POST /api/v1/containers/{containerId}/exec`: a command run to completion, for scripts. */
export const execBody = z.object({
  cmd: argv,
  /** how long to wait for the command (default 30 s, at most 600) */
  timeoutSeconds: z.number().int().min(1).max(600).optional(),
});

export const execResponse = z.object({
  /** stdout and stderr as they came, demultiplexed, cut at OPSDECK_EXEC_OUTPUT_MAX_BYTES */
  output: z.string(),
  /** null when the command was still running at the timeout (it keeps running in the container) */
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
});

/** A terminal's command from the upgrade's query: `cmd` repeated forms the argv (`?cmd=sh`). */
export function terminalCommand(query: URLSearchParams): string[] | string {
  const words = query.getAll('cmd');
  const parsed = argv.safeParse(words.length === 0 ? ['sh'] : words);
  return parsed.success ? parsed.data : 'cmd: one to 64 non-empty words (`?cmd=sh`, `?cmd=bash`)';
}

/** What the browser sends as a text frame; keystrokes go as binary frames. */
export const controlMessage = z.object({
  type: z.literal('resize'),
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
