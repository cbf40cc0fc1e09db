'use client';

import { useId, useState } from 'react';
import type { ContainerInfo } from '@/lib/docker/types';
import { button, field, primary } from '../settings/ui';
import { TerminalScreen } from './terminal-screen';
import { commandOf, type ShellChoice, shells } from './terminal-url';

/**
 * The service page's "Terminal" button and panel: pick a running replica and a shell (`sh`, `bash`,
 * or a command), then connect. Shown only to who holds the exec permission (the server checks again),
 * never on the wall display. Every session is audited, what is typed included (docs/terminal.md).
 */
export function TerminalPanel({ containers }: { containers: ContainerInfo[] }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const running = containers.filter((c) => c.state === 'running');
  const [replica, setReplica] = useState('');
  const [shell, setShell] = useState<ShellChoice>('sh');
  const [command, setCommand] = useState('');
  const [session, setSession] = useState<{ key: number; containerId: string; cmd: string[] } | null>(null);
  const chosen = running.find((c) => c.id === replica) ?? running[0];

  if (!open)
    return (
      <button type="button" className={button} data-testid="terminal-open" onClick={() => setOpen(true)}>
        Terminal
      </button>
    );
  return (
    <section aria-labelledby={`${id}-h`} className="w-full space-y-2" data-testid="terminal-panel">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id={`${id}-h`} className="text-lg font-semibold">
          Terminal
        </h2>
        <label className="flex flex-col text-xs">
          Replica
          <select
            className={field}
            value={chosen?.id ?? ''}
            onChange={(e) => setReplica(e.target.value)}
            data-testid="terminal-replica"
          >
            {running.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs">
          Shell
          <select
            className={field}
            value={shell}
            onChange={(e) => setShell(e.target.value as ShellChoice)}
            data-testid="terminal-shell"
          >
            {shells.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {shell === 'command' ? (
          <label className="flex flex-col text-xs">
            Command (run with sh -c)
            <input className={field} value={command} onChange={(e) => setCommand(e.target.value)} />
          </label>
        ) : null}
        <button
          type="button"
          className={primary}
          disabled={!chosen || (shell === 'command' && command.trim() === '')}
          data-testid="terminal-connect"
          onClick={() =>
            chosen &&
            setSession({ key: Date.now(), containerId: chosen.id, cmd: commandOf(shell, command.trim()) })
          }
        >
          {session ? 'Reconnect' : 'Connect'}
        </button>
        <button
          type="button"
          className={button}
          onClick={() => {
            setSession(null);
            setOpen(false);
          }}
        >
          Close
        </button>
      </div>
      {running.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No replica is running.</p>
      ) : null}
      {session ? (
        <TerminalScreen key={session.key} containerId={session.containerId} cmd={session.cmd} />
      ) : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Audited: who, which container, when, for how long, and what is typed. Copy: Ctrl+Shift+C; paste:
        Ctrl+V.
      </p>
    </section>
  );
}
