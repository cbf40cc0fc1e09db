/** The shells offered; "command" runs what the user types through `sh -c`. */
export const shells = ['sh', 'bash', 'command'] as const;
export type ShellChoice = (typeof shells)[number];

/** The argv a choice runs. */
export function commandOf(shell: ShellChoice, command: string): string[] {
  if (shell === 'command') return ['sh', '-c', command];
  return [shell];
}

/**
 * The terminal's WebSocket address on this page's own origin (the server checks the Origin against
 * itself): `/api/v1/containers/{id}/exec?cmd=…` with the terminal's first size.
 */
export function terminalUrl(
  location: { protocol: string; host: string },
  containerId: string,
  cmd: string[],
  size: { cols: number; rows: number },
): string {
  const q = new URLSearchParams();
  for (const word of cmd) q.append('cmd', word);
  q.set('cols', String(size.cols));
  q.set('rows', String(size.rows));
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/v1/containers/${encodeURIComponent(containerId)}/exec?${q}`;
}

/** The subprotocol the server answers with (a browser sends its session cookie, no token). */
export const TERMINAL_PROTOCOL = 'opsdeck.terminal';

/** What a close code means, for the status line (the reason, when the server gave one, says more). */
export function closeText(code: number, reason: string): string {
  if (reason) return reason;
  if (code === 1006)
    return 'The connection was refused or lost (exec permission, Origin, or the server went away)';
  return `Closed (${code})`;
}
